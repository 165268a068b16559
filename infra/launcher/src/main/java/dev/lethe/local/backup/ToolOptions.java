package dev.lethe.local.backup;

import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every backup tool shares (a picocli mixin): the database as the services name it and {@code --help}.
 * Each database option falls back to an environment variable, then to the embedded platform's default, like the
 * run command's options.
 */
final class ToolOptions {

    static final String DEFAULT_JDBC_URL = "jdbc:postgresql://localhost:15432/lethe";
    /** The environment variable each database option falls back to. */
    static final Map<String, String> ENVIRONMENT = Map.of(
            "--jdbc-url", "LETHE_JDBC_URL",
            "--jdbc-user", "LETHE_JDBC_USER",
            "--jdbc-password", "LETHE_JDBC_PASSWORD");

    @Option(names = "--jdbc-url", paramLabel = "URL", defaultValue = DEFAULT_JDBC_URL,
            description = "the database (env LETHE_JDBC_URL, default " + DEFAULT_JDBC_URL + ")")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", defaultValue = "postgres",
            description = "env LETHE_JDBC_USER, default postgres")
    String jdbcUser;

    // the help never shows the value: it may come from the environment
    @Option(names = "--jdbc-password", paramLabel = "PW", defaultValue = "postgres",
            description = "env LETHE_JDBC_PASSWORD, default postgres")
    String jdbcPassword;

    @Option(names = "--help", usageHelp = true, description = "print this help and exit")
    boolean help;

    Database database() {
        return new Database(jdbcUrl, jdbcUser, jdbcPassword);
    }
}
