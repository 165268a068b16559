package dev.lethe.query.compliance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.query.audit.AuditEntry;
import dev.lethe.query.audit.AuditTrail;
import dev.lethe.query.audit.CanonicalEncoding;
import dev.lethe.query.audit.CheckpointKeys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The erasure receipt: when, why and by whom a person was erased, and each step of the erasure with the time it
 * happened, or {@code pending} with the time it is scheduled for ({@link ErasureSteps}); {@code physicallyComplete}
 * only once every step is done. Signed with the checkpoint key over {@code signedReceipt}, the receipt as JSON with
 * keys sorted and no whitespace, which names the signing key. Verify it against a key from
 * {@code GET /api/public/receipt-keys} or the audit export, never against a key the receipt itself carries.
 */
@Component
class ErasureReceipts {

    static final String FORMAT = "lethe-erasure-receipt/2";
    static final String KEYS_ROUTE = "GET /api/public/receipt-keys";
    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private final AuditTrail trail;
    private final ContractEvents events;
    private final ErasureSteps steps;
    private final CheckpointKeys keys;
    private final Clock clock;

    ErasureReceipts(AuditTrail trail, ContractEvents events, ErasureSteps steps, CheckpointKeys keys, Clock clock) {
        this.trail = trail;
        this.events = events;
        this.steps = steps;
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
        List<ErasureSteps.Step> done = steps.of(customerId, erased.erasedAt());
        receipt.put("steps", done.stream().map(ErasureSteps.Step::asMap).toList());
        receipt.put("physicallyComplete", done.stream().allMatch(ErasureSteps.Step::complete));
        receipt.put("issuedAt", CanonicalEncoding.instant(clock.instant()));
        receipt.put("signingKeyId", keys.keyId());
        receipt.put("signatureAlgorithm", "Ed25519");
        return receipt;
    }

    private SignedReceipt sign(Map<String, Object> receipt) {
        String canonical;
        try {
            canonical = CANONICAL.writeValueAsString(receipt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("erasure receipt could not be written", e);
        }
        byte[] signature = keys.sign(canonical.getBytes(StandardCharsets.UTF_8));
        return new SignedReceipt(receipt, canonical, "Ed25519", keys.keyId(), KEYS_ROUTE,
                Base64.getEncoder().encodeToString(signature));
    }

    /**
     * @param signedReceipt the exact string the signature covers
     * @param keys          where the key that verifies it is published
     */
    record SignedReceipt(Map<String, Object> receipt, String signedReceipt, String algorithm, String keyId,
                         String keys, String signature) {
    }
}
