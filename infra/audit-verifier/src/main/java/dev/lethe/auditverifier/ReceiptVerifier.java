package dev.lethe.auditverifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Verifies an erasure receipt ({@code GET /api/compliance/customers/{id}/erasure}) against a pinned key: the
 * signature must hold over {@code signedReceipt} with the pinned key that the signed text names, the receipt must be
 * issued within that key's validity, and the readable {@code receipt} must be exactly what was signed. A public key
 * carried by the receipt itself is ignored: whoever forged the receipt would have put their own there.
 */
final class ReceiptVerifier {

    static final String FORMAT = "lethe-erasure-receipt/2";
    /**
     * The local profile's checkpoint key, public in the repository (application-local.yml): anyone can sign with it,
     * so a receipt signed by it proves nothing. Named in the rejection so that nobody pins it by mistake.
     */
    static final String DEMO_KEY_ID = PinnedKeys.keyId(PinnedKeys.publicKey(
            "MCowBQYDK2VwAyEAts9R8EDb9aNpJNU9sMyHzs1GOO+jhYoLDLaQ1tgCr6Q="));
    private static final ObjectMapper JSON = new ObjectMapper();

    record Outcome(boolean valid, String message) {
    }

    private ReceiptVerifier() {
    }

    static Outcome verify(JsonNode document, PinnedKeys pinned) {
        JsonNode signedText = document.get("signedReceipt");
        if (signedText == null || !signedText.isTextual()) {
            return invalid("no signedReceipt: not an erasure receipt");
        }
        JsonNode receipt;
        try {
            receipt = JSON.readTree(signedText.asText());
        } catch (java.io.IOException e) {
            return invalid("signedReceipt is not JSON");
        }
        if (!FORMAT.equals(receipt.path("format").asText())) {
            return invalid("format " + receipt.path("format").asText() + " is not " + FORMAT);
        }
        String keyId = receipt.path("signingKeyId").asText();
        if (document.hasNonNull("keyId") && !keyId.equals(document.get("keyId").asText())) {
            return invalid("keyId " + document.get("keyId").asText() + " differs from the signed signingKeyId " + keyId);
        }
        var key = pinned.get(keyId);
        if (key.isEmpty()) {
            return invalid("signed by key " + keyId + ", which is not a pinned key"
                    + (DEMO_KEY_ID.equals(keyId) ? " (it is the repository's public demo key of the local profile: "
                    + "anyone can sign with it)" : "") + "; a key inside the receipt is never trusted");
        }
        if (!signatureHolds(key.get(), signedText.asText(), document.path("signature").asText())) {
            return invalid("the signature does not verify with pinned key " + keyId
                    + ": the receipt was altered or not signed by that key");
        }
        Instant issuedAt;
        try {
            issuedAt = Instant.parse(receipt.path("issuedAt").asText());
        } catch (DateTimeParseException e) {
            return invalid("issuedAt is not an instant");
        }
        if ((key.get().validFrom() != null && issuedAt.isBefore(key.get().validFrom()))
                || (key.get().validUntil() != null && !issuedAt.isBefore(key.get().validUntil()))) {
            return invalid("issued at " + issuedAt + ", outside the validity of key " + keyId + " ("
                    + key.get().validFrom() + " to " + key.get().validUntil() + ")");
        }
        if (document.has("receipt") && !document.get("receipt").equals(receipt)) {
            return invalid("the readable receipt differs from the signed one; only signedReceipt is signed");
        }
        return new Outcome(true, describe(receipt, keyId));
    }

    private static String describe(JsonNode receipt, String keyId) {
        StringBuilder out = new StringBuilder("VALID receipt customerId=").append(receipt.path("customerId").asText())
                .append(" erasedAt=").append(receipt.path("erasedAt").asText())
                .append(" physicallyComplete=").append(receipt.path("physicallyComplete").asBoolean())
                .append(" key=").append(keyId);
        for (JsonNode step : receipt.path("steps")) {
            out.append(System.lineSeparator()).append("  ").append(step.path("step").asText()).append(' ')
                    .append(step.path("status").asText());
            if (step.hasNonNull("completedAt")) {
                out.append(" at ").append(step.get("completedAt").asText());
            }
            if (step.hasNonNull("scheduledAt")) {
                out.append(" scheduled ").append(step.get("scheduledAt").asText());
            }
        }
        return out.toString();
    }

    private static boolean signatureHolds(PinnedKeys.Pinned key, String signed, String signatureBase64) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key.key());
            signature.update(signed.getBytes(StandardCharsets.UTF_8));
            return signature.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Outcome invalid(String reason) {
        return new Outcome(false, "INVALID receipt: " + reason);
    }
}
