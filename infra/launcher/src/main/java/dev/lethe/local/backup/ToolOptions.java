package dev.lethe.local.backup;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The options every backup tool shares (a picocli mixin): the database as the services name it and {@code --help}.
 * Each database option falls back to an environment variable, then to the embedded platform's default, like the
 * run command's options.
 */
final class ToolOptions {

    static final String DEFAULT_JDBC_URL = "jdbc:postgresql://localhost:15432/lethe";

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "the database (env LETHE_JDBC_URL, default " + DEFAULT_JDBC_URL + ")")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", description = "env LETHE_JDBC_USER, default postgres")
    String jdbcUser;

    // the help never shows the value: it may come from the environment
    @Option(names = "--jdbc-password", paramLabel = "PW", description = "env LETHE_JDBC_PASSWORD, default postgres")
    String jdbcPassword;

    @Option(names = "--help", usageHelp = true, description = "print this help and exit")
    boolean help;

    Database database() {
        return new Database(jdbcUrl, jdbcUser, jdbcPassword);
    }

    /** What the command line leaves out, from the environment, else the default; a blank variable counts as unset. */
    record EnvironmentDefaults(Map<String, String> environment) implements CommandLine.IDefaultValueProvider {

        private record Fallback(String variable, String value) {
        }

        private static final Map<String, Fallback> FALLBACKS = Map.of(
                "--jdbc-url", new Fallback("LETHE_JDBC_URL", DEFAULT_JDBC_URL),
                "--jdbc-user", new Fallback("LETHE_JDBC_USER", "postgres"),
                "--jdbc-password", new Fallback("LETHE_JDBC_PASSWORD", "postgres"));

        @Override
        public String defaultValue(ArgSpec argument) {
            if (!(argument instanceof OptionSpec option) || !FALLBACKS.containsKey(option.longestName())) {
                return null;
            }
            Fallback fallback = FALLBACKS.get(option.longestName());
            String value = environment.get(fallback.variable());
            return value == null || value.isBlank() ? fallback.value() : value;
        }
    }
}
