package dev.lethe.local;

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
 * <p>Stops in reverse dependency order (services, broker, database), on {@link #close()}, on a failed start, and
 * from a JVM shutdown hook (Ctrl-C), so that no process outlives it. Data stays in the data directory.
 */
public final class LethePlatform implements AutoCloseable {

    // Created on the starting thread, before the database and broker start in parallel and log concurrently.
    private static final Logger LOG = LoggerFactory.getLogger(LethePlatform.class);
    public static final String DATABASE = "lethe";
    private static final Duration HEALTH_POLL = Duration.ofMillis(500);

    private final LaunchOptions options;
    private final long startedAt = System.nanoTime();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<ServiceProcess> services = new ArrayList<>();
    private final ShutdownHook shutdownHook;
    private LocalPostgres postgres;
    private LocalKafka kafka;
    private ServiceProcess.Endpoints endpoints;
    private Duration startupTime;

    private LethePlatform(LaunchOptions options) {
        this.options = options;
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
        startService("command-service", options.commandPort(), endpoints, options.serviceArguments());
        startService("query-service", options.queryPort(), queryServiceEndpoints(), options.serviceArguments());
        awaitHealthy();
        startupTime = Duration.ofNanos(System.nanoTime() - startedAt);
        LOG.info("Lethe started in {} ms", startupTime.toMillis());
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
        LocalPostgres started = LocalPostgres.start(
                LocalPostgres.Options.persistent(options.dataDirectory().resolve("postgres"), options.postgresPort())
                        .withLogFile(options.logsDirectory().resolve("postgres.log"))
                        .withoutShutdownHook());
        synchronized (this) {
            abortIfClosing(started);
            postgres = started;
        }
        return started.ensureDatabase(DATABASE);
    }

    private String startKafka() {
        if (options.externalKafka()) {
            return options.bootstrapServers();
        }
        LocalKafka started = LocalKafka.start(
                LocalKafka.Options.persistent(options.dataDirectory().resolve("kafka"), options.kafkaPort(),
                                options.kafkaControllerPort())
                        .withLogFile(options.logsDirectory().resolve("kafka.log"))
                        .withoutShutdownHook());
        synchronized (this) {
            abortIfClosing(started);
            kafka = started;
        }
        return started.bootstrapServers();
    }

    private void startService(String name, int port, ServiceProcess.Endpoints serviceEndpoints,
                              List<String> extraArguments) throws IOException {
        int resolved = Ports.reserve(port, name);
        Path jar = options.servicesDirectory().resolve(name + "-exec.jar");
        ServiceProcess service = ServiceProcess.start(name, jar, resolved, serviceEndpoints, extraArguments,
                options.logsDirectory().resolve(name + ".log"));
        synchronized (this) {
            abortIfClosing(service::stop);
            services.add(service);
        }
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

    /** Waits for a service to exit; returns the first that does (the run command treats that as fatal). */
    public ServiceExit awaitServiceExit() throws InterruptedException {
        CompletableFuture<?>[] exits = services.stream()
                .map(service -> service.process().onExit().thenApply(process -> new ServiceExit(service.name(),
                        process.exitValue(), service.process().logFile())))
                .toArray(CompletableFuture[]::new);
        try {
            return (ServiceExit) CompletableFuture.anyOf(exits).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    public record ServiceExit(String name, int exitCode, Path logFile) {
    }

    public String bootstrapServers() {
        return endpoints.bootstrapServers();
    }

    public String jdbcUrl() {
        return endpoints.jdbcUrl();
    }

    public String commandUrl() {
        return service("command-service").baseUrl();
    }

    public String queryUrl() {
        return service("query-service").baseUrl();
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
