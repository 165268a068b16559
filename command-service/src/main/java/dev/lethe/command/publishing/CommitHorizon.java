package dev.lethe.command.publishing;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How far the event store is final: the highest {@code globalIndex} below which no transaction can still commit an
 * event. The publisher reads up to it and never past it, so an event committed late into a lower index is never
 * skipped, without a list of gaps (ADR 0006).
 *
 * <p>The argument: every appending transaction has its transaction id before it draws an index (a statement
 * trigger assigns it, migration V10), and ids are handed out in increasing order. Read the sequence's last drawn
 * value {@code L}, then take a transaction id {@code B}: whoever drew an index up to {@code L} holds an id below
 * {@code B}. A fence {@code (L, B)} is passed in the first snapshot whose oldest transaction in progress
 * ({@code xmin}) is not below {@code B}: every index up to {@code L} is then committed and visible in that snapshot
 * (and any later one), or will never be. (A snapshot's list of transactions in progress is not enough: it omits
 * those with ids above the last completed one.)
 *
 * <p>Not thread-safe: one publisher thread uses it.
 */
final class CommitHorizon {

    /** A long transaction holds every fence after it; beyond this many, the newest replaces the one before it. */
    static final int MAX_PENDING_FENCES = 256;

    private final Deque<Fence> pending = new ArrayDeque<>();
    private long horizon;

    CommitHorizon(long knownFinal) {
        this.horizon = knownFinal;
    }

    /**
     * @param oldestInProgress a snapshot's {@code xmin}, taken after the transactions that took the fences' ids ended
     * @return the horizon as of that snapshot: every index up to it is visible there, or never will be
     */
    long passedIn(long oldestInProgress) {
        while (!pending.isEmpty() && pending.peekFirst().transaction <= oldestInProgress) {
            horizon = Math.max(horizon, pending.removeFirst().lastDrawn);
        }
        return horizon;
    }

    /** Whether a fence at this last drawn value would move the horizon further than those already set. */
    boolean wantsFence(long lastDrawn) {
        long furthest = pending.isEmpty() ? horizon : pending.peekLast().lastDrawn;
        return lastDrawn > furthest;
    }

    /**
     * @param lastDrawn   the sequence's last drawn value
     * @param transaction a transaction id taken after {@code lastDrawn} was read
     */
    void fence(long lastDrawn, long transaction) {
        if (pending.size() >= MAX_PENDING_FENCES) {
            pending.removeLast();
        }
        pending.addLast(new Fence(lastDrawn, transaction));
    }

    long horizon() {
        return horizon;
    }

    private record Fence(long lastDrawn, long transaction) {
    }
}
