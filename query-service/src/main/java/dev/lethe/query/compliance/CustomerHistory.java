package dev.lethe.query.compliance;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lethe.query.audit.AuditEntry;
import dev.lethe.query.audit.AuditTrail;
import dev.lethe.query.audit.CanonicalEncoding;
import dev.lethe.shredding.ShreddingException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** A person's audit entries in trail order, each with the event's content decrypted where the key still exists. */
@Component
class CustomerHistory {

    private final AuditTrail trail;
    private final ContractEvents events;

    CustomerHistory(AuditTrail trail, ContractEvents events) {
        this.trail = trail;
        this.events = events;
    }

    List<Item> of(String customerId) {
        return trail.entriesFor(customerId).stream().map(this::item).toList();
    }

    private Item item(AuditEntry entry) {
        Map<String, Object> details = null;
        String readable = "DECRYPTED";
        byte[] stored = trail.storedEvent(entry.eventId()).orElse(null);
        if (stored == null) {
            readable = "COPY_MISSING";
        } else {
            try {
                ContractEvents.Decrypted decrypted = events.decryptToMap(entry.eventType(), stored,
                        entry.eventId());
                details = decrypted.details();
                if (decrypted.erased()) {
                    readable = "ERASED";
                }
            } catch (ShreddingException | IllegalArgumentException e) {
                readable = "UNREADABLE";
            }
        }
        return new Item(entry.sequence(), entry.eventId(), entry.globalPosition(), entry.eventType(),
                entry.eventRevision(), entry.occurredAt(), entry.source(), entry.actor(), entry.commandId(),
                entry.correlationId(), entry.personalFields(), CanonicalEncoding.hex(entry.entryHash()), readable,
                details);
    }

    /**
     * @param personalData {@code DECRYPTED}; {@code ERASED} when the person's key was destroyed (personal fields
     *                     then read {@code {"lethe:erased": true}}); {@code UNREADABLE} or {@code COPY_MISSING} when
     *                     the stored copy failed its integrity check or is gone
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Item(long sequence, String eventId, long globalPosition, String eventType, String eventRevision,
                Instant occurredAt, String source, String actor, String commandId, String correlationId,
                List<String> personalFields, String entryHash, String personalData, Map<String, Object> details) {
    }
}
