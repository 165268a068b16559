package dev.lethe.query.audit;

import static dev.lethe.query.audit.CanonicalEncoding.hex;

import java.time.Instant;
import java.util.List;

/**
 * One entry of the audit trail: the facts about one event, never its personal values.
 *
 * @param sequence       gap-free position in the trail, starting at 1, in the order events arrived
 * @param globalPosition the event's global sequence in the event store
 * @param correlationId  the Axon correlation id; today the commandId (docs/audit-trail.md)
 * @param personalFields names of the personal fields the event carries, in contract order
 * @param eventDigest    SHA-256 of the stored (encrypted) event bytes
 * @param previousHash   the entry hash of {@code sequence - 1}; 32 zero bytes for the first entry
 * @param entryHash      SHA-256 of {@link #canonicalEncoding()}
 */
public record AuditEntry(
        long sequence,
        String eventId,
        long globalPosition,
        String customerId,
        String eventType,
        String eventRevision,
        Instant occurredAt,
        String source,
        String actor,
        String commandId,
        String correlationId,
        List<String> personalFields,
        byte[] eventDigest,
        byte[] previousHash,
        byte[] entryHash) {

    public static final String VERSION = "lethe-audit-entry/1";
    public static final byte[] GENESIS_HASH = new byte[32];

    public AuditEntry {
        personalFields = List.copyOf(personalFields);
    }

    /** The entry that follows {@code previousHash} at {@code sequence}, with its hash computed. */
    static AuditEntry next(long sequence, byte[] previousHash, AuditedEvent event) {
        AuditEntry unhashed = new AuditEntry(sequence, event.eventId(), event.globalPosition(), event.customerId(),
                event.eventType(), event.revision(), CanonicalEncoding.micros(event.occurredAt()), event.source(),
                event.actor(), event.commandId(), event.correlationId(), event.personalFields(),
                CanonicalEncoding.sha256(event.storedEvent()), previousHash, null);
        return unhashed.withHash(unhashed.computeHash());
    }

    public byte[] canonicalEncoding() {
        return CanonicalEncoding.encode(VERSION, Long.toString(sequence), eventId, Long.toString(globalPosition),
                customerId, eventType, eventRevision, CanonicalEncoding.instant(occurredAt), source, actor, commandId,
                correlationId, String.join(",", personalFields), hex(eventDigest), hex(previousHash));
    }

    public byte[] computeHash() {
        return CanonicalEncoding.sha256(canonicalEncoding());
    }

    AuditEntry withHash(byte[] hash) {
        return new AuditEntry(sequence, eventId, globalPosition, customerId, eventType, eventRevision, occurredAt,
                source, actor, commandId, correlationId, personalFields, eventDigest, previousHash, hash);
    }
}
