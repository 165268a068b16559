package dev.lethe.benchmark;

import dev.lethe.localstack.LocalPostgres;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches a sample of customers until the unified view shows them: a row in {@code query.customer_view} once a
 * registration is visible (what {@code GET /api/customers/{id}} answers {@code 200} from), a row in
 * {@code query.customer_tombstone} once an erasure is (its {@code 410}). One thread asks for every watched customer
 * in ONE query every {@link #SWEEP}, then records the time since the command was sent.
 *
 * <p>It reads the tables rather than calling the API on purpose: polling hundreds of customers every few
 * milliseconds over HTTP made the query service spend more CPU on the probe's token checks and requests than on
 * projecting, so the probe measured itself (first runs of this benchmark, docs/performance.md). The API's own
 * read is a primary-key select on the same tables; its latency is measured by {@code ViewLatencyBenchmark}.
 */
final class ViewProbe implements AutoCloseable {

    static final Duration SWEEP = Duration.ofMillis(5);
    static final int VISIBLE = 200;
    static final int ERASED = 410;
    private static final Duration GIVE_UP = Duration.ofSeconds(120);

    private record Watch(String customerId, long sentNanos, int status, Latencies sink) {
    }

    private final String jdbcUrl;
    private final ConcurrentLinkedQueue<Watch> added = new ConcurrentLinkedQueue<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger abandoned = new AtomicInteger();
    private final AtomicLong queries = new AtomicLong();
    private final Thread sweeper;
    private volatile boolean running = true;

    ViewProbe(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
        sweeper = new Thread(this::sweep, "bench-view-probe");
        sweeper.setDaemon(true);
        sweeper.start();
    }

    /**
     * Records into {@code sink} how long after {@code sentNanos} the view showed the customer as {@code status}:
     * {@link #VISIBLE} or {@link #ERASED}.
     */
    void watch(String customerId, long sentNanos, int status, Latencies sink) {
        open.incrementAndGet();
        added.add(new Watch(customerId, sentNanos, status, sink));
    }

    /** Waits until every watched customer answered or was given up; returns how many were given up since the last call. */
    int awaitAll(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (open.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return abandoned.getAndSet(0) + open.get();
    }

    private void sweep() {
        List<Watch> watching = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, LocalPostgres.USERNAME, LocalPostgres.PASSWORD);
             PreparedStatement shown = connection.prepareStatement(
                     "SELECT customer_id, 200 FROM query.customer_view WHERE customer_id = ANY (?) "
                             + "UNION ALL SELECT customer_id, 410 FROM query.customer_tombstone WHERE customer_id = ANY (?)")) {
            while (running) {
                for (Watch watch; (watch = added.poll()) != null; ) {
                    watching.add(watch);
                }
                if (!watching.isEmpty()) {
                    watching = check(connection, shown, watching);
                }
                LockSupport.parkNanos(SWEEP.toNanos());
            }
        } catch (SQLException e) {
            System.err.println("view probe stopped: " + e.getMessage());
            abandoned.addAndGet(open.getAndSet(0));
        }
    }

    /** Queries sent so far, each one autocommit transaction: netted out of the database figures. */
    long queries() {
        return queries.get();
    }

    private List<Watch> check(Connection connection, PreparedStatement shown, List<Watch> watching) throws SQLException {
        queries.incrementAndGet();
        Array ids = connection.createArrayOf("varchar", watching.stream().map(Watch::customerId).toArray());
        shown.setArray(1, ids);
        shown.setArray(2, ids);
        Set<String> seen = new HashSet<>();
        try (ResultSet rows = shown.executeQuery()) {
            while (rows.next()) {
                seen.add(rows.getString(1) + "/" + rows.getInt(2));
            }
        }
        long now = System.nanoTime();
        List<Watch> still = new ArrayList<>();
        for (Watch watch : watching) {
            if (seen.contains(watch.customerId() + "/" + watch.status())) {
                watch.sink().addNanos(now - watch.sentNanos());
                open.decrementAndGet();
            } else if (watch.status() == VISIBLE && seen.contains(watch.customerId() + "/" + ERASED)) {
                // erased by the mix before a sweep saw it: it was visible, but when is unknown; not a sample
                abandoned.incrementAndGet();
                open.decrementAndGet();
            } else if (now - watch.sentNanos() > GIVE_UP.toNanos()) {
                abandoned.incrementAndGet();
                open.decrementAndGet();
            } else {
                still.add(watch);
            }
        }
        return still;
    }

    @Override
    public void close() {
        running = false;
        try {
            sweeper.join(Duration.ofSeconds(15).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
