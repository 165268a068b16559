package dev.lethe.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in KRaft mode, run from the Kafka jars on this JVM's class path as a process of
 * its own, so that it can be killed reliably and its logging and memory stay out of the caller's JVM.
 */
public final class LocalKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final Duration PROBE_PAUSE = Duration.ofMillis(200);
    private static final List<String> JVM_OPTIONS = List.of(
            "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
            // Used when logback is on the class path (tests, launcher); Kafka's own log4j2 defaults to ERROR otherwise.
            "-Dlogback.configurationFile=dev/lethe/localstack/kafka-logback.xml");

    private final ChildProcess process;
    private final int port;
    private final int controllerPort;
    private final int saslPort;
    private final Path dataDirectory;
    private final Path temporaryRoot;
    private final ShutdownHook shutdownHook;
    private volatile boolean closed;

    private LocalKafka(ChildProcess process, int port, int controllerPort, int saslPort, Path dataDirectory,
                       Path temporaryRoot, ShutdownHook shutdownHook) {
        this.process = process;
        this.port = port;
        this.controllerPort = controllerPort;
        this.saslPort = saslPort;
        this.dataDirectory = dataDirectory;
        this.temporaryRoot = temporaryRoot;
        this.shutdownHook = shutdownHook;
    }

    /**
     * @param dataDirectory        holds server.properties, the partition logs and kafka.log; {@code null} for a
     *                             temporary directory removed on close
     * @param port                 client port (0: any free port)
     * @param controllerPort       KRaft controller port (0: any free port)
     * @param logFile              broker output; {@code null} for {@code kafka.log} in the data directory
     * @param startupTimeout       how long to wait for the broker to answer
     * @param registerShutdownHook false when the owner orders shutdown itself once start returns
     * @param saslUsers            users and passwords of an extra SASL/PLAIN listener that authenticates clients and
     *                             enforces ACLs; empty for none (the plaintext listener's clients are super users)
     */
    public record Options(Path dataDirectory, int port, int controllerPort, Path logFile, Duration startupTimeout,
                          boolean registerShutdownHook, Map<String, String> saslUsers) {

        public static Options temporary() {
            return new Options(null, 0, 0, null, Duration.ofSeconds(90), true, Map.of());
        }

        public static Options persistent(Path dataDirectory, int port, int controllerPort) {
            return new Options(dataDirectory, port, controllerPort, null, Duration.ofSeconds(90), true, Map.of());
        }

        public Options withLogFile(Path file) {
            return new Options(dataDirectory, port, controllerPort, file, startupTimeout, registerShutdownHook, saslUsers);
        }

        public Options withoutShutdownHook() {
            return new Options(dataDirectory, port, controllerPort, logFile, startupTimeout, false, saslUsers);
        }

        /** A broker that authenticates these users on a second listener, as a secured cluster does. */
        public Options withSaslUsers(Map<String, String> users) {
            return new Options(dataDirectory, port, controllerPort, logFile, startupTimeout, registerShutdownHook,
                    Map.copyOf(users));
        }
    }

    public static LocalKafka start(Options options) {
        long started = System.nanoTime();
        Path temporaryRoot = options.dataDirectory() == null ? Directories.createTemp("lethe-kafka-") : null;
        Path dataDirectory = (temporaryRoot != null ? temporaryRoot : options.dataDirectory()).toAbsolutePath();
        Path logFile = options.logFile() != null ? options.logFile() : dataDirectory.resolve("kafka.log");
        int port = Ports.reserve(options.port(), "Kafka");
        int controllerPort = Ports.reserve(options.controllerPort(), "Kafka controller");
        int saslPort = options.saslUsers().isEmpty() ? 0 : Ports.reserve(0, "Kafka SASL");
        ChildProcess process = null;
        ShutdownHook shutdownHook = null;
        try {
            Path properties = writeProperties(dataDirectory, port, controllerPort, saslPort, options.saslUsers());
            Path logDirectory = dataDirectory.resolve("data");
            if (!Files.exists(logDirectory.resolve("meta.properties"))) {
                format(dataDirectory, properties, logFile);
            }
            process = ChildProcess.start("kafka",
                    JavaCommand.withCurrentClassPath(dataDirectory.resolve("java.args"), JVM_OPTIONS, "kafka.Kafka",
                            List.of(properties.toString())),
                    logFile, Map.of());
            // Registered before waiting, even when the owner orders shutdown itself afterwards,
            // so that a caller killed during start-up leaves no broker behind.
            shutdownHook = stopOnShutdown(process, temporaryRoot);
            awaitReady(process, port, options.startupTimeout());
            LOG.info("Kafka broker started on localhost:{} in {} ms (pid {}, data {})", port,
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), process.pid(), dataDirectory);
            if (!options.registerShutdownHook()) {
                shutdownHook.remove();
                shutdownHook = null;
            }
            return new LocalKafka(process, port, controllerPort, saslPort, dataDirectory, temporaryRoot, shutdownHook);
        } catch (IOException | RuntimeException e) {
            if (shutdownHook != null) {
                shutdownHook.remove();
            }
            if (process != null) {
                process.stop(Duration.ofSeconds(5));
            }
            Directories.deleteQuietly(temporaryRoot);
            throw new IllegalStateException("Kafka broker did not start on localhost:" + port + " (log " + logFile
                    + "): " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** The listener that authenticates clients (SASL/PLAIN); only with {@link Options#withSaslUsers}. */
    public String saslBootstrapServers() {
        if (saslPort == 0) {
            throw new IllegalStateException("this broker has no SASL listener");
        }
        return "localhost:" + saslPort;
    }

    public int port() {
        return port;
    }

    /** The KRaft controller port; a restart on the same data directory must use it again. */
    public int controllerPort() {
        return controllerPort;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public ChildProcess process() {
        return process;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (shutdownHook != null) {
            shutdownHook.remove();
        }
        boolean wasRunning = process.isAlive();
        process.stop(STOP_GRACE);
        LOG.info(wasRunning ? "Kafka broker on localhost:{} stopped" : "Kafka broker on localhost:{} had ended", port);
        Directories.deleteQuietly(temporaryRoot);
    }

    private static void awaitPortOpen(ChildProcess process, int port, long deadline, Duration timeout) {
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the broker process exited during start-up:\n" + process.logTail(30));
                }
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                    return;
                } catch (IOException notYet) {
                    process.awaitExit(PROBE_PAUSE);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
        throw new IllegalStateException("the broker did not open port " + port + " within " + timeout + ":\n"
                + process.logTail(30));
    }

    private static ShutdownHook stopOnShutdown(ChildProcess process, Path temporaryRoot) {
        return ShutdownHook.register("local-kafka", () -> {
            process.stop(STOP_GRACE);
            Directories.deleteQuietly(temporaryRoot);
        });
    }

    private static Path writeProperties(Path dataDirectory, int port, int controllerPort, int saslPort,
                                        Map<String, String> saslUsers) throws IOException {
        Files.createDirectories(dataDirectory);
        Path file = dataDirectory.resolve("server.properties");
        Files.writeString(file, KafkaServerProperties.render(port, controllerPort, dataDirectory.resolve("data"),
                saslPort, saslUsers), StandardCharsets.UTF_8);
        return file;
    }

    private static void format(Path dataDirectory, Path properties, Path logFile) throws IOException {
        List<String> command = JavaCommand.withCurrentClassPath(dataDirectory.resolve("java.args"),
                List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-Dlogback.configurationFile=dev/lethe/localstack/kafka-logback.xml"),
                "kafka.tools.StorageTool",
                List.of("format", "--config", properties.toString(), "--cluster-id", Uuid.randomUuid().toString(),
                        "--ignore-formatted"));
        ChildProcess.run("kafka storage format", command, logFile, FORMAT_TIMEOUT);
    }

    private static void awaitReady(ChildProcess process, int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        // An admin client would log a warning for every refused connection until the port opens.
        awaitPortOpen(process, port, deadline, timeout);
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + port);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        try (Admin admin = Admin.create(config)) {
            Exception last = null;
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the broker process exited during start-up:\n" + process.logTail(30));
                }
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    last = e;
                }
                process.awaitExit(PROBE_PAUSE);
            }
            throw new IllegalStateException("the broker did not answer within " + timeout
                    + (last != null ? " (last: " + last.getMessage() + ")" : "") + ":\n" + process.logTail(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }
}
