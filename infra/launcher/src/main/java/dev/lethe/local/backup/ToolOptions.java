package dev.lethe.local.backup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name=value} options (a name may repeat; {@code --flag} alone means true), falling back to an
 * environment variable, then to a default, like the run command's options.
 */
final class ToolOptions {

    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final Map<String, String> environment;

    private ToolOptions(Map<String, String> environment) {
        this.environment = environment;
    }

    static ToolOptions parse(String[] arguments, Set<String> known, Map<String, String> environment) {
        ToolOptions options = new ToolOptions(environment);
        for (String argument : arguments) {
            if (!argument.startsWith("--")) {
                throw BackupException.refused("BAD_OPTION", "unexpected argument " + argument);
            }
            String[] pair = argument.substring(2).split("=", 2);
            if (!known.contains(pair[0])) {
                throw BackupException.refused("BAD_OPTION", "unknown option --" + pair[0]);
            }
            options.values.computeIfAbsent(pair[0], name -> new ArrayList<>()).add(pair.length > 1 ? pair[1] : "true");
        }
        return options;
    }

    String get(String name, String variable, String fallback) {
        List<String> given = values.get(name);
        String value = given == null ? null : given.get(given.size() - 1);
        if (value == null && variable != null) {
            value = environment.get(variable);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    String require(String name, String variable) {
        String value = get(name, variable, null);
        if (value == null) {
            throw BackupException.refused("MISSING_OPTION", "--" + name + " is required"
                    + (variable == null ? "" : " (or the environment variable " + variable + ")"));
        }
        return value;
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    /** The database as the services name it: LETHE_JDBC_URL, LETHE_JDBC_USER, LETHE_JDBC_PASSWORD. */
    Database database() {
        return new Database(get("jdbc-url", "LETHE_JDBC_URL", "jdbc:postgresql://localhost:15432/lethe"),
                get("jdbc-user", "LETHE_JDBC_USER", "postgres"), get("jdbc-password", "LETHE_JDBC_PASSWORD", "postgres"));
    }
}
