package dev.lethe.support.health;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.health.contributor.Health;

/**
 * Runs a health check on a thread of its own with a deadline and remembers the answer briefly. A dependency that
 * does not answer is reported DOWN after {@link #TIMEOUT} instead of holding the probe for as long as its client
 * would wait (Hikari 30 s for a connection); a check still running is not started twice, so a dead dependency never
 * piles up threads, and the cache keeps frequent probes from hammering a live one.
 */
public final class TimeBoxedHealthCheck implements AutoCloseable {

    /** Two of these in a row (database and broker both dead) still answer a probe within about 5 s. */
    static final Duration TIMEOUT = Duration.ofMillis(2500);
    static final Duration CACHE_FOR = Duration.ofSeconds(2);

    private final String dependency;
    private final Duration timeout;
    private final Duration cacheFor;
    private final Callable<Health> check;
    private final ExecutorService executor;
    private Future<Health> running;
    private Health last;
    private long lastAt;

    public TimeBoxedHealthCheck(String dependency, Callable<Health> check) {
        this(dependency, TIMEOUT, CACHE_FOR, check);
    }

    public TimeBoxedHealthCheck(String dependency, Duration timeout, Duration cacheFor, Callable<Health> check) {
        this.dependency = dependency;
        this.timeout = timeout;
        this.cacheFor = cacheFor;
        this.check = check;
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lethe-health-" + dependency);
            thread.setDaemon(true);
            return thread;
        });
    }

    public Health health() {
        Future<Health> future;
        synchronized (this) {
            if (last != null && System.nanoTime() - lastAt < cacheFor.toNanos()) {
                return last;
            }
            if (running == null || running.isDone()) {
                running = executor.submit(check);
            }
            future = running;
        }
        Health health;
        try {
            health = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            health = Health.down().withDetail("error", dependency + " did not answer within " + timeout.toMillis() + " ms")
                    .build();
        } catch (ExecutionException e) {
            health = Health.down().withDetail("error", describe(e.getCause())).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.unknown().build();
        }
        synchronized (this) {
            last = health;
            lastAt = System.nanoTime();
        }
        return health;
    }

    /** Class and message of a client exception (they name hosts and timeouts, never data). */
    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof ExecutionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause.getClass().getSimpleName() + (cause.getMessage() != null ? ": " + cause.getMessage() : "");
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
