package dev.lethe.query.audit;

import java.time.Instant;
import java.util.List;

/** What the trail takes from one {@code lethe.events} record; {@code storedEvent} is ciphertext for personal fields. */
record AuditedEvent(
        String eventId,
        long globalPosition,
        String customerId,
        String eventType,
        String revision,
        Instant occurredAt,
        String source,
        String actor,
        String commandId,
        String correlationId,
        List<String> personalFields,
        byte[] storedEvent) {
}
