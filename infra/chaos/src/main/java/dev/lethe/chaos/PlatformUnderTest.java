package dev.lethe.chaos;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The run command ({@code java -jar lethe-local.jar}) as a child process on its own data directory and free ports,
 * exactly as a user starts it. It can be stopped with SIGTERM and started again on the same data and ports.
 */
final class PlatformUnderTest implements AutoCloseable {

    private static final Duration START_DEADLINE = Duration.ofMinutes(5);
    private static final Duration STOP_GRACE = Duration.ofSeconds(90);

    private final Path launcherJar;
    private final Path dataDirectory;
    private final Path logFile;
    private final Duration consumerSessionTimeout;
    private final int kafkaPort = FreePorts.next();
    private final int kafkaControllerPort = FreePorts.next();
    private final int postgresPort = FreePorts.next();
    private final int queryPort = FreePorts.next();
    private final int commandPort = FreePorts.next();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final PlatformProcesses processes;
    private volatile Process runCommand;

    /** @param consumerSessionTimeout for both services' Kafka consumers; {@code null}: their own setting */
    PlatformUnderTest(Path launcherJar, Path dataDirectory, Path logFile, Duration consumerSessionTimeout) {
        if (!Files.isRegularFile(launcherJar)) {
            throw new IllegalStateException(launcherJar.toAbsolutePath() + " does not exist; build it first: "
                    + "mvn -B -q -DskipTests package");
        }
        this.launcherJar = launcherJar.toAbsolutePath();
        this.dataDirectory = dataDirectory.toAbsolutePath();
        this.logFile = logFile.toAbsolutePath();
        this.consumerSessionTimeout = consumerSessionTimeout;
        this.processes = new PlatformProcesses(this.dataDirectory,
                () -> Optional.ofNullable(runCommand).map(Process::toHandle).filter(ProcessHandle::isAlive));
    }

    /** Starts the run command and returns once both services answer their health check. */
    void start() {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-jar", launcherJar.toString(),
                "--data-dir=" + dataDirectory,
                "--kafka-port=" + kafkaPort,
                "--kafka-controller-port=" + kafkaControllerPort,
                "--postgres-port=" + postgresPort,
                "--query-port=" + queryPort,
                "--command-port=" + commandPort,
                // the run command's own patience; ours is START_DEADLINE
                "--health-timeout=" + (START_DEADLINE.toSeconds() - 30)));
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
            if (consumerSessionTimeout != null) {
                // the run command passes its environment on to both services, where Spring Boot reads this
                builder.environment().put("SPRING_APPLICATION_JSON", "{\"spring.kafka.consumer.properties.session.timeout.ms\":\""
                        + consumerSessionTimeout.toMillis() + "\"}");
            }
            runCommand = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the run command", e);
        }
        try {
            await("the platform started by the run command (log " + logFile + ")").atMost(START_DEADLINE)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        if (!runCommand.isAlive()) {
                            throw new IllegalStateException("the run command exited with " + runCommand.exitValue()
                                    + " during start-up; see " + logFile);
                        }
                        return healthy();
                    });
        } catch (ConditionTimeoutException e) {
            stop();
            throw e;
        }
    }

    /**
     * SIGTERM to the run command, as Ctrl-C or an orchestrator sends it; it stops its children itself. Whatever is
     * still alive after the grace period (a run command that hung) is killed.
     */
    void stop() {
        Process current = runCommand;
        if (current == null) {
            return;
        }
        List<ProcessHandle> platform = new ArrayList<>(processes.all());
        current.descendants().forEach(platform::add);
        current.destroy();
        try {
            if (!current.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                current.destroyForcibly();
                current.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            current.destroyForcibly();
        }
        platform.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        // the next start must not find a port still held by a process on its way out
        platform.forEach(process -> process.onExit().completeOnTimeout(process, 10, TimeUnit.SECONDS).join());
    }

    /** Both services answer {@code /actuator/health} with 200 (UP). */
    boolean healthy() {
        return up(commandPort) && up(queryPort);
    }

    boolean runCommandAlive() {
        Process current = runCommand;
        return current != null && current.isAlive();
    }

    PlatformProcesses processes() {
        return processes;
    }

    String bootstrapServers() {
        return "localhost:" + kafkaPort;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgresPort + "/lethe";
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    private boolean up(int port) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
