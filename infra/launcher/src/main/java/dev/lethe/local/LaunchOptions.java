package dev.lethe.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * What the platform starts and where. Every value comes from a {@code --name=value} option, else an environment
 * variable, else the default ({@link LaunchCommand}); an external database or broker replaces the embedded one.
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

    /** The generated {@code --help} text. */
    public static String usage() {
        return LaunchCommand.commandLine(new LaunchCommand(), Map.of()).getUsageMessage();
    }

    /** An embedded stack in {@code dataDirectory} on the given ports; 0 means any free port (tests). */
    public static LaunchOptions embedded(Path dataDirectory, int kafkaPort, int kafkaControllerPort, int postgresPort,
                                         int queryPort, int commandPort, Path servicesDirectory) {
        return new LaunchOptions(dataDirectory, kafkaPort, kafkaControllerPort, postgresPort, queryPort, commandPort,
                null, null, null, null, servicesDirectory, Duration.ofSeconds(90), false, List.of());
    }

    /** @throws IllegalArgumentException naming the option that is unknown or has a value it cannot take */
    public static LaunchOptions parse(String[] arguments, Map<String, String> environment, Path defaultServicesDirectory) {
        LaunchCommand command = new LaunchCommand();
        try {
            LaunchCommand.commandLine(command, environment).parseArgs(arguments);
        } catch (CommandLine.ParameterException e) {
            throw LaunchCommand.refusal(e);
        }
        return new LaunchOptions(
                command.dataDirectory,
                port("--kafka-port", command.kafkaPort),
                port("--kafka-controller-port", command.kafkaControllerPort),
                port("--postgres-port", command.postgresPort),
                port("--query-port", command.queryPort),
                port("--command-port", command.commandPort),
                blankAsNull(command.jdbcUrl),
                blankAsNull(command.jdbcUser),
                blankAsNull(command.jdbcPassword),
                blankAsNull(command.bootstrapServers),
                command.servicesDirectory != null ? command.servicesDirectory : defaultServicesDirectory,
                Duration.ofSeconds(command.healthTimeoutSeconds),
                command.help,
                List.of());
    }

    private static int port(String option, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(option + " is not a port: " + port);
        }
        return port;
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value;
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
}
