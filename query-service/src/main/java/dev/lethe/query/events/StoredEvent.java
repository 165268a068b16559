package dev.lethe.query.events;

import java.time.Instant;

/**
 * One event from {@code lethe.events}, decrypted where the person's key still exists.
 *
 * @param globalSequence    the event's position in the event store: orders events across customers (ties of
 *                          survivorship), but arrives out of order when commits are concurrent, so it is never
 *                          an idempotency key
 * @param aggregateSequence the event's position in its customer's own history, 0 for the first: the
 *                          per-customer idempotency key of every projection
 */
public record StoredEvent(
        String eventId,
        long globalSequence,
        long aggregateSequence,
        String customerId,
        String type,
        String revision,
        Instant timestamp,
        String commandId,
        String source,
        String actor,
        Object payload,
        byte[] storedBytes) {
}
