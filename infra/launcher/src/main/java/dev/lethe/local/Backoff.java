package dev.lethe.local;

import java.time.Duration;

/**
 * How long to wait before restarting a part that ended: 1 s, doubling up to 30 s while it keeps failing, and 1 s
 * again once it had run for a stable minute. A part that cannot start is retried, never given up on, but slowly.
 */
final class Backoff {

    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofSeconds(30);
    static final Duration STABLE = Duration.ofMinutes(1);

    private Duration next = FIRST;

    /** The wait before the next restart of a part that had been up for {@code upFor} before it ended. */
    synchronized Duration after(Duration upFor) {
        if (upFor.compareTo(STABLE) >= 0) {
            next = FIRST;
        }
        Duration wait = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(MAX) > 0 ? MAX : doubled;
        return wait;
    }
}
