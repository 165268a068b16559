package dev.lethe.query.events;

import java.time.Instant;

/**
 * One event from {@code lethe.events}, decrypted where the person's key still exists.
 *
 * @param globalSequence position in the event store; increases along each customer's events, which makes
 *                       it the idempotency key of every projection
 */
public record StoredEvent(
        String eventId,
        long globalSequence,
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
