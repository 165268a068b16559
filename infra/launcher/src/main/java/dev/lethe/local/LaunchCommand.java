package dev.lethe.local;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The run command's options as picocli reads them: the option, else its environment variable, else the default. */
@Command(name = "java -jar lethe-local.jar", sortOptions = false, usageHelpWidth = 120,
        description = "Starts PostgreSQL, a Kafka broker and both Lethe services as one supervised platform.")
final class LaunchCommand {

    /** The environment variable each option falls back to; the descriptions name them for {@code --help}. */
    private static final Map<String, String> ENVIRONMENT = Map.ofEntries(
            Map.entry("--data-dir", "LETHE_DATA_DIR"),
            Map.entry("--kafka-port", "LETHE_KAFKA_PORT"),
            Map.entry("--kafka-controller-port", "LETHE_KAFKA_CONTROLLER_PORT"),
            Map.entry("--postgres-port", "LETHE_POSTGRES_PORT"),
            Map.entry("--query-port", "LETHE_QUERY_PORT"),
            Map.entry("--command-port", "LETHE_COMMAND_PORT"),
            Map.entry("--jdbc-url", "LETHE_JDBC_URL"),
            Map.entry("--jdbc-user", "LETHE_JDBC_USER"),
            Map.entry("--jdbc-password", "LETHE_JDBC_PASSWORD"),
            Map.entry("--bootstrap-servers", "LETHE_KAFKA_BOOTSTRAP"));

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".lethe-data",
            description = "data and logs (default .lethe-data); env LETHE_DATA_DIR")
    Path dataDirectory;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092",
            description = "embedded Kafka broker (default 9092); env LETHE_KAFKA_PORT")
    int kafkaPort;

    @Option(names = "--kafka-controller-port", paramLabel = "PORT", defaultValue = "9093",
            description = "its KRaft controller (default 9093); env LETHE_KAFKA_CONTROLLER_PORT")
    int kafkaControllerPort;

    @Option(names = "--postgres-port", paramLabel = "PORT", defaultValue = "15432",
            description = "embedded PostgreSQL (default 15432); env LETHE_POSTGRES_PORT")
    int postgresPort;

    @Option(names = "--query-port", paramLabel = "PORT", defaultValue = "8080",
            description = "query service HTTP (default 8080); env LETHE_QUERY_PORT")
    int queryPort;

    @Option(names = "--command-port", paramLabel = "PORT", defaultValue = "8081",
            description = "command service HTTP (default 8081); env LETHE_COMMAND_PORT")
    int commandPort;

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "use this PostgreSQL instead of the embedded one; env LETHE_JDBC_URL")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", description = "its user; env LETHE_JDBC_USER")
    String jdbcUser;

    @Option(names = "--jdbc-password", paramLabel = "PW", description = "its password; env LETHE_JDBC_PASSWORD")
    String jdbcPassword;

    @Option(names = "--bootstrap-servers", paramLabel = "HOSTS",
            description = "use this Kafka instead of the embedded one; env LETHE_KAFKA_BOOTSTRAP")
    String bootstrapServers;

    @Option(names = "--services-dir", paramLabel = "DIR",
            description = "the services' runnable jars (default services/ next to this jar)")
    Path servicesDirectory;

    @Option(names = "--health-timeout", paramLabel = "SECONDS", defaultValue = "90",
            description = "how long the services may take to report UP (default 90)")
    int healthTimeoutSeconds;

    @Option(names = "--help", usageHelp = true, description = "this text")
    boolean help;

    static CommandLine commandLine(LaunchCommand command, Map<String, String> environment) {
        return new CommandLine(command)
                // a later option wins, as it always did, and a value is taken as it is (no ${...} expansion)
                .setOverwrittenOptionsAllowed(true)
                .setInterpolateVariables(false)
                .setDefaultValueProvider(new EnvironmentDefaults(ENVIRONMENT, environment));
    }

    /**
     * An unknown option is named without its value, which may be a password typed under a misspelt name (picocli's
     * own message quotes the whole argument).
     */
    static IllegalArgumentException refusal(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String argument = unmatched.getUnmatched().get(0);
            return new IllegalArgumentException(argument.startsWith("--")
                    ? "unknown option " + argument.split("=", 2)[0]
                    : "unexpected argument " + argument);
        }
        return new IllegalArgumentException(e.getMessage(), e);
    }
}
