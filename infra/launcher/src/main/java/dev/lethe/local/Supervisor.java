package dev.lethe.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the platform's parts running after start-up: a part whose process ends is started again (same port, same
 * data directory) after a {@link Backoff}, its pid file rewritten, and the console told what happened. Parts are
 * watched independently, each by a thread of its own, so a broker that takes long to come back delays no one else.
 *
 * <p>Start-up is not supervised: a part that cannot start the first time fails the platform's start, as before.
 * Once {@link #stop()} was called nothing is restarted; a restart already under way is let finish (each part's
 * start is bounded) so that the platform's close finds and stops what it started.
 */
final class Supervisor {

    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration JOIN_WAIT = Duration.ofMinutes(2);

    /** A running part as the supervisor sees it. */
    interface RunningPart {

        long pid();

        boolean isRunning();

        /** How it ended, for the console: {@code "exited (code 137)"}; only process facts, never what it logged. */
        String exit();
    }

    /** Starts a part again; throws if it does not come up (the supervisor then backs off and tries again). */
    interface Restart {
        RunningPart start() throws Exception;
    }

    private final PidFiles pidFiles;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final List<Thread> watchers = new ArrayList<>();
    private final Map<String, AtomicInteger> restarts = new ConcurrentHashMap<>();

    Supervisor(PidFiles pidFiles) {
        this.pidFiles = pidFiles;
    }

    synchronized void watch(String name, RunningPart running, Restart restart) {
        if (isStopping()) {
            return;
        }
        restarts.putIfAbsent(name, new AtomicInteger());
        Thread watcher = new Thread(() -> supervise(name, running, restart), "lethe-supervisor-" + name);
        watcher.setDaemon(true);
        watchers.add(watcher);
        watcher.start();
    }

    /** How often the part was started again (attempts, including failed ones). */
    int restarts(String name) {
        AtomicInteger count = restarts.get(name);
        return count == null ? 0 : count.get();
    }

    /** No more restarts; returns once every watcher ended (after a restart under way, if any, finished). */
    void stop() {
        List<Thread> running;
        synchronized (this) {
            stopping.countDown();
            running = List.copyOf(watchers);
        }
        for (Thread watcher : running) {
            try {
                watcher.join(JOIN_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean isStopping() {
        return stopping.getCount() == 0;
    }

    private void supervise(String name, RunningPart first, Restart restart) {
        Backoff backoff = new Backoff();
        RunningPart current = first;
        long upSince = System.nanoTime();
        try {
            while (awaitEnd(current)) {
                Duration upFor = Duration.ofNanos(System.nanoTime() - upSince);
                String how = current.exit();
                while (true) {
                    Duration wait = backoff.after(upFor);
                    int attempt = restarts.get(name).incrementAndGet();
                    LOG.warn("{} {}; restarting in {} s, restart #{}", name, how, wait.toSeconds(), attempt);
                    if (stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                    try {
                        current = restart.start();
                        upSince = System.nanoTime();
                        pidFiles.write(name, current.pid());
                        LOG.info("{} restarted (pid {})", name, current.pid());
                        break;
                    } catch (Exception e) {
                        how = "did not start again (" + firstLine(e.getMessage()) + ")";
                        upFor = Duration.ZERO;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("supervision of {} ended: {}", name, e.toString());
        }
    }

    /** True once the part ended, false once the supervisor stops. */
    private boolean awaitEnd(RunningPart part) throws InterruptedException {
        while (part.isRunning()) {
            if (stopping.await(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
        }
        return !isStopping();
    }

    /** The first line only: start failures carry a log tail that belongs in the part's own log, not the console. */
    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
