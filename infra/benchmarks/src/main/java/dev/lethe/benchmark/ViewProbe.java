package dev.lethe.benchmark;

import dev.lethe.local.LocalTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches a sample of customers in the unified view as an analyst would: {@code GET /api/customers/{id}} until it
 * answers the awaited status ({@code 200} once a registration is visible, {@code 410} once an erasure is), then
 * records the time since the command was sent. One thread sweeps every watched customer concurrently every
 * {@link #SWEEP}, so a sample costs the query service one small request per sweep while it waits: for ~200
 * samples over a run of thousands of commands that is a small share of its work, and it is the same in every mode.
 */
final class ViewProbe implements AutoCloseable {

    static final Duration SWEEP = Duration.ofMillis(5);
    private static final Duration GIVE_UP = Duration.ofSeconds(120);
    private static final String ANALYST_TOKEN = LocalTokens.mint("benchmark", List.of("ANALYST"));

    private record Watch(String customerId, long sentNanos, int status, Latencies sink) {
    }

    /** The status and when it arrived: a sweep's slowest answer must not delay the others' timestamps. */
    private record Answer(int status, long atNanos) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String queryUrl;
    private final ConcurrentLinkedQueue<Watch> added = new ConcurrentLinkedQueue<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger abandoned = new AtomicInteger();
    private final Thread sweeper;
    private volatile boolean running = true;

    ViewProbe(String queryUrl) {
        this.queryUrl = queryUrl;
        sweeper = new Thread(this::sweep, "bench-view-probe");
        sweeper.setDaemon(true);
        sweeper.start();
    }

    /** Records into {@code sink} how long after {@code sentNanos} the customer's view answered {@code status}. */
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
        while (running) {
            for (Watch watch; (watch = added.poll()) != null; ) {
                watching.add(watch);
            }
            if (watching.isEmpty()) {
                LockSupport.parkNanos(SWEEP.toNanos());
                continue;
            }
            List<CompletableFuture<Answer>> answers = watching.stream().map(this::status).toList();
            List<Watch> still = new ArrayList<>();
            for (int i = 0; i < watching.size(); i++) {
                Watch watch = watching.get(i);
                Answer answer = answers.get(i).join();
                long now = answer.atNanos();
                if (answer.status() == watch.status()) {
                    watch.sink().addNanos(now - watch.sentNanos());
                    open.decrementAndGet();
                } else if (now - watch.sentNanos() > GIVE_UP.toNanos()) {
                    abandoned.incrementAndGet();
                    open.decrementAndGet();
                } else {
                    still.add(watch);
                }
            }
            watching = still;
            LockSupport.parkNanos(SWEEP.toNanos());
        }
    }

    private CompletableFuture<Answer> status(Watch watch) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(queryUrl + "/api/customers/" + watch.customerId()))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + ANALYST_TOKEN).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> new Answer(response.statusCode(), System.nanoTime()))
                .exceptionally(failure -> new Answer(-1, System.nanoTime()));
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
