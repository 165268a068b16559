package dev.lethe.query.audit;

import static dev.lethe.query.audit.CanonicalEncoding.hex;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The trail, its checkpoints and the public key as one JSON document, for the offline verifier and for safe
 * keeping elsewhere. Every value is given exactly as the canonical encoding takes it (strings; hashes in hex).
 * {@code signingKeys} is the JWK Set of every key that ever signed checkpoints and erasure receipts, as
 * {@code GET /api/public/receipt-keys} answers it: kept with the export, it verifies receipts after a rotation.
 */
record AuditExport(String format, Instant exportedAt, String keyId, String publicKey, List<Entry> entries,
                          List<SignedCheckpoint> checkpoints, Map<String, Object> signingKeys) {

    public static final String FORMAT = "lethe-audit-export/1";

    public record Entry(String sequence, String eventId, String globalPosition, String customerId, String eventType,
                        String eventRevision, String occurredAt, String source, String actor, String commandId,
                        String correlationId, String personalFields, String eventDigest, String previousHash,
                        String entryHash) {

        static Entry of(AuditEntry e) {
            return new Entry(Long.toString(e.sequence()), e.eventId(), Long.toString(e.globalPosition()),
                    e.customerId(), e.eventType(), e.eventRevision(), CanonicalEncoding.instant(e.occurredAt()),
                    e.source(), e.actor(), e.commandId(), e.correlationId(), String.join(",", e.personalFields()),
                    hex(e.eventDigest()), hex(e.previousHash()), hex(e.entryHash()));
        }
    }

    /** @param signature base64 of the Ed25519 signature over the canonical checkpoint encoding */
    public record SignedCheckpoint(String sequence, String entryHash, String signedAt, String keyId,
                                   String signature) {

        static SignedCheckpoint of(Checkpoint c) {
            return new SignedCheckpoint(Long.toString(c.sequence()), hex(c.entryHash()),
                    CanonicalEncoding.instant(c.signedAt()), c.keyId(), Base64.getEncoder().encodeToString(c.signature()));
        }
    }
}
