package dev.lethe.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the platform starts and where. Every value comes from a {@code --name=value} option, else an environment
 * variable, else the default; an external database or broker replaces the embedded one.
 */
public record LaunchOptions(
        Path dataDirectory,
        int kafkaPort,
        int kafkaControllerPort,
        int postgresPort,
        int queryPort,
        int commandPort,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        String bootstrapServers,
        Path servicesDirectory,
        Duration healthTimeout,
        boolean help,
        List<String> serviceArguments) {

    public LaunchOptions {
        serviceArguments = serviceArguments == null ? List.of() : List.copyOf(serviceArguments);
    }

    public static final String USAGE = """
            Usage: java -jar lethe-local.jar [options]
              --data-dir=DIR              data and logs (default .lethe-data)        env LETHE_DATA_DIR
              --kafka-port=PORT           embedded Kafka broker (default 9092)       env LETHE_KAFKA_PORT
              --kafka-controller-port=P   its KRaft controller (default 9093)        env LETHE_KAFKA_CONTROLLER_PORT
              --postgres-port=PORT        embedded PostgreSQL (default 15432)        env LETHE_POSTGRES_PORT
              --query-port=PORT           query service HTTP (default 8080)          env LETHE_QUERY_PORT
              --command-port=PORT         command service HTTP (default 8081)        env LETHE_COMMAND_PORT
              --jdbc-url=URL              use this PostgreSQL instead of the embedded one   env LETHE_JDBC_URL
              --jdbc-user=USER, --jdbc-password=PW                                    env LETHE_JDBC_USER, LETHE_JDBC_PASSWORD
              --bootstrap-servers=HOSTS   use this Kafka instead of the embedded one env LETHE_KAFKA_BOOTSTRAP
              --services-dir=DIR          the services' runnable jars (default services/ next to this jar)
              --health-timeout=SECONDS    how long the services may take to report UP (default 90)
              --help
            """;

    private static final List<String> KNOWN = List.of("data-dir", "kafka-port", "kafka-controller-port",
            "postgres-port", "query-port", "command-port", "jdbc-url", "jdbc-user", "jdbc-password",
            "bootstrap-servers", "services-dir", "health-timeout", "help");

    /** An embedded stack in {@code dataDirectory} on the given ports; 0 means any free port (tests). */
    public static LaunchOptions embedded(Path dataDirectory, int kafkaPort, int kafkaControllerPort, int postgresPort,
                                         int queryPort, int commandPort, Path servicesDirectory) {
        return new LaunchOptions(dataDirectory, kafkaPort, kafkaControllerPort, postgresPort, queryPort, commandPort,
                null, null, null, null, servicesDirectory, Duration.ofSeconds(90), false, List.of());
    }

    public static LaunchOptions parse(String[] arguments, Map<String, String> environment, Path defaultServicesDirectory) {
        Map<String, String> options = new HashMap<>();
        for (String argument : arguments) {
            if (!argument.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + argument);
            }
            String[] pair = argument.substring(2).split("=", 2);
            if (!KNOWN.contains(pair[0])) {
                throw new IllegalArgumentException("unknown option --" + pair[0]);
            }
            options.put(pair[0], pair.length > 1 ? pair[1] : "true");
        }
        Values values = new Values(options, environment);
        return new LaunchOptions(
                Path.of(values.get("data-dir", "LETHE_DATA_DIR", ".lethe-data")),
                values.port("kafka-port", "LETHE_KAFKA_PORT", 9092),
                values.port("kafka-controller-port", "LETHE_KAFKA_CONTROLLER_PORT", 9093),
                values.port("postgres-port", "LETHE_POSTGRES_PORT", 15432),
                values.port("query-port", "LETHE_QUERY_PORT", 8080),
                values.port("command-port", "LETHE_COMMAND_PORT", 8081),
                values.get("jdbc-url", "LETHE_JDBC_URL", null),
                values.get("jdbc-user", "LETHE_JDBC_USER", null),
                values.get("jdbc-password", "LETHE_JDBC_PASSWORD", null),
                values.get("bootstrap-servers", "LETHE_KAFKA_BOOTSTRAP", null),
                Path.of(values.get("services-dir", null, defaultServicesDirectory.toString())),
                Duration.ofSeconds(values.integer("health-timeout", null, 90)),
                options.containsKey("help"),
                List.of());
    }

    /**
     * The same options with extra Spring arguments for both services, after the platform's own, e.g. the
     * benchmarks' {@code --spring.profiles.active=local,benchmark}.
     */
    public LaunchOptions withServiceArguments(List<String> arguments) {
        return new LaunchOptions(dataDirectory, kafkaPort, kafkaControllerPort, postgresPort, queryPort, commandPort,
                jdbcUrl, jdbcUser, jdbcPassword, bootstrapServers, servicesDirectory, healthTimeout, help, arguments);
    }

    /** The same options with another limit on how long the services may take to report UP. */
    public LaunchOptions withHealthTimeout(Duration timeout) {
        return new LaunchOptions(dataDirectory, kafkaPort, kafkaControllerPort, postgresPort, queryPort, commandPort,
                jdbcUrl, jdbcUser, jdbcPassword, bootstrapServers, servicesDirectory, timeout, help, serviceArguments);
    }

    public boolean externalDatabase() {
        return jdbcUrl != null;
    }

    public boolean externalKafka() {
        return bootstrapServers != null;
    }

    public Path logsDirectory() {
        return dataDirectory.resolve("logs");
    }

    private record Values(Map<String, String> options, Map<String, String> environment) {

        String get(String option, String variable, String fallback) {
            String value = options.get(option);
            if (value == null && variable != null) {
                value = environment.get(variable);
            }
            return value == null || value.isBlank() ? fallback : value;
        }

        int integer(String option, String variable, int fallback) {
            String value = get(option, variable, null);
            try {
                return value == null ? fallback : Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + option + " needs a number, not " + value);
            }
        }

        int port(String option, String variable, int fallback) {
            int port = integer(option, variable, fallback);
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--" + option + " is not a port: " + port);
            }
            return port;
        }
    }
}
