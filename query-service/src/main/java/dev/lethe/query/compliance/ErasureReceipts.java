package dev.lethe.query.compliance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.query.audit.AuditEntry;
import dev.lethe.query.audit.AuditTrail;
import dev.lethe.query.audit.CanonicalEncoding;
import dev.lethe.query.audit.CheckpointKeys;
import dev.lethe.shredding.KeyVault;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The erasure receipt: when, why and by whom a person was erased, which data keys were destroyed and which copies
 * confirmed it, signed with the checkpoint key. The signature covers the UTF-8 bytes of {@code signedReceipt}, the
 * receipt as JSON with keys sorted and no whitespace, so anyone with the public key can check it.
 */
@Component
class ErasureReceipts {

    static final String FORMAT = "lethe-erasure-receipt/1";
    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private final AuditTrail trail;
    private final ContractEvents events;
    private final JdbcTemplate jdbc;
    private final KeyVault keyVault;
    private final CheckpointKeys keys;
    private final Clock clock;

    ErasureReceipts(AuditTrail trail, ContractEvents events, JdbcTemplate jdbc, KeyVault keyVault, CheckpointKeys keys,
                    Clock clock) {
        this.trail = trail;
        this.events = events;
        this.jdbc = jdbc;
        this.keyVault = keyVault;
        this.keys = keys;
        this.clock = clock;
    }

    /** Empty when the person was not erased. */
    Optional<SignedReceipt> receiptFor(String customerId) {
        return trail.entriesFor(customerId).stream()
                .filter(entry -> CustomerErased.class.getName().equals(entry.eventType()))
                .findFirst()
                .map(entry -> sign(receipt(customerId, entry)));
    }

    private Map<String, Object> receipt(String customerId, AuditEntry entry) {
        CustomerErased erased = (CustomerErased) events.decrypt(entry.eventType(),
                trail.storedEvent(entry.eventId()).orElseThrow(() -> new IllegalStateException(
                        "the stored copy of audit entry " + entry.sequence() + " is missing")));
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("format", FORMAT);
        receipt.put("customerId", customerId);
        receipt.put("erasedAt", CanonicalEncoding.instant(erased.erasedAt()));
        receipt.put("reason", erased.reason().name());
        Map<String, Object> by = new LinkedHashMap<>();
        by.put("source", entry.source());
        by.put("actor", entry.actor());
        by.put("commandId", entry.commandId());
        receipt.put("requestedBy", by);
        receipt.put("auditSequence", Long.toString(entry.sequence()));
        receipt.put("auditEntryHash", CanonicalEncoding.hex(entry.entryHash()));
        receipt.put("keysDestroyed", jdbc.query("SELECT key_id::text, destroyed_at FROM key_vault.destroyed_key "
                        + "WHERE subject_id = ?", (rs, row) -> Map.of(
                        "keyId", rs.getString(1) == null ? "none (no key was ever issued)" : rs.getString(1),
                        "destroyedAt", CanonicalEncoding.instant(rs.getTimestamp(2).toInstant())), customerId));
        receipt.put("projections", projections(customerId));
        receipt.put("issuedAt", CanonicalEncoding.instant(clock.instant()));
        return receipt;
    }

    private List<Map<String, Object>> projections(String customerId) {
        keyVault.evict(customerId);
        boolean keyGone = keyVault.existingDataKey(customerId).isEmpty();
        boolean viewGone = count("SELECT count(*) FROM query.customer_view WHERE customer_id = ?", customerId) == 0;
        boolean tombstone = count("SELECT count(*) FROM query.customer_tombstone WHERE customer_id = ?", customerId) > 0;
        return List.of(
                projection("key-vault", keyGone, "the person's data key no longer exists"),
                projection("customer-view", viewGone && tombstone,
                        "no golden record, source record or consent row; a tombstone without personal data remains"),
                projection("audit-event-copies", keyGone,
                        "ciphertext kept for the audit trail; unreadable without the destroyed key"),
                projection("audit-trail", true, "holds no personal data; verifies unchanged after erasure"));
    }

    private static Map<String, Object> projection(String name, boolean confirmed, String detail) {
        Map<String, Object> projection = new LinkedHashMap<>();
        projection.put("projection", name);
        projection.put("confirmed", confirmed);
        projection.put("detail", detail);
        return projection;
    }

    private long count(String sql, String customerId) {
        return jdbc.queryForObject(sql, Long.class, customerId);
    }

    private SignedReceipt sign(Map<String, Object> receipt) {
        String canonical;
        try {
            canonical = CANONICAL.writeValueAsString(receipt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("erasure receipt could not be written", e);
        }
        byte[] signature = keys.sign(canonical.getBytes(StandardCharsets.UTF_8));
        return new SignedReceipt(receipt, canonical, "Ed25519", keys.keyId(), keys.publicKeyBase64(),
                Base64.getEncoder().encodeToString(signature));
    }

    /** @param signedReceipt the exact string the signature covers */
    record SignedReceipt(Map<String, Object> receipt, String signedReceipt, String algorithm, String keyId,
                         String publicKey, String signature) {
    }
}
