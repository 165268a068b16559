package dev.lethe.local;

import dev.lethe.localstack.ChildProcess;
import dev.lethe.localstack.JavaCommand;
import dev.lethe.localstack.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One Lethe service, run from its runnable jar as a child process with the platform's endpoints. */
final class ServiceProcess {

    static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final List<String> JVM_OPTIONS = List.of(
            "-XX:+UseSerialGC", "-Xmx512m", "-Daxoniq.update-checker.disabled=true");

    private final ChildProcess process;
    private final Launch launch;

    private ServiceProcess(ChildProcess process, Launch launch) {
        this.process = process;
        this.launch = launch;
    }

    /** Everything needed to start the service again exactly as before. */
    private record Launch(String name, Path jar, int port, Endpoints endpoints, List<String> extraArguments,
                          Path logFile) {
    }

    /**
     * @param migrationUser the role Flyway migrates as, when the service runs as a less privileged one; else null
     */
    record Endpoints(String jdbcUrl, String jdbcUser, String jdbcPassword, String bootstrapServers,
                     String migrationUser, String migrationPassword) {

        Endpoints(String jdbcUrl, String jdbcUser, String jdbcPassword, String bootstrapServers) {
            this(jdbcUrl, jdbcUser, jdbcPassword, bootstrapServers, null, null);
        }

        /** The service runs as {@code user}; the current user becomes the one that migrates. */
        Endpoints runningAs(String user, String password) {
            return new Endpoints(jdbcUrl, user, password, bootstrapServers, jdbcUser, jdbcPassword);
        }
    }

    static ServiceProcess start(String name, Path jar, int port, Endpoints endpoints, List<String> extraArguments,
                                Path logFile) throws IOException {
        return start(new Launch(name, jar, port, endpoints, List.copyOf(extraArguments), logFile));
    }

    /** The same service on the same port after its process ended; reaps what is left of the old one first. */
    ServiceProcess restart() throws IOException {
        stop();
        Ports.requireFree(launch.port(), launch.name());
        return start(launch);
    }

    private static ServiceProcess start(Launch launch) throws IOException {
        String name = launch.name();
        Path jar = launch.jar();
        int port = launch.port();
        Endpoints endpoints = launch.endpoints();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist; build it first: mvn -B -q -DskipTests package");
        }
        List<String> command = new ArrayList<>();
        command.add(JavaCommand.javaExecutable());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(),
                "--spring.profiles.active=local",
                "--server.port=" + port,
                "--spring.datasource.url=" + endpoints.jdbcUrl(),
                "--spring.datasource.username=" + endpoints.jdbcUser(),
                "--spring.kafka.bootstrap-servers=" + endpoints.bootstrapServers()));
        Map<String, String> environment = new HashMap<>(Map.of(
                // A privacy product must not call out: Axon's update checker is off in every child.
                "AXONIQ_UPDATE_CHECKER_DISABLED", "true",
                // In the environment rather than on the command line, where every local user could read it.
                "SPRING_DATASOURCE_PASSWORD", endpoints.jdbcPassword()));
        if (endpoints.migrationUser() != null) {
            command.add("--spring.flyway.user=" + endpoints.migrationUser());
            environment.put("SPRING_FLYWAY_PASSWORD", endpoints.migrationPassword());
        }
        command.addAll(launch.extraArguments());
        ChildProcess process = ChildProcess.start(name, command, launch.logFile(), environment);
        return new ServiceProcess(process, launch);
    }

    String name() {
        return process.name();
    }

    String baseUrl() {
        return "http://localhost:" + launch.port();
    }

    ChildProcess process() {
        return process;
    }

    void stop() {
        process.stop(STOP_GRACE);
    }
}
