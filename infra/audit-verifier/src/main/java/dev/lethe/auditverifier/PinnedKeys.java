package dev.lethe.auditverifier;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Ed25519 public keys the auditor trusts, by key id (the first 8 bytes, in hex, of SHA-256 over the X.509
 * encoding): given on the command line or in a JWK Set saved from {@code GET /api/public/receipt-keys} or an audit
 * export, never taken from the document being verified.
 */
final class PinnedKeys {

    /** RFC 8410: the X.509 encoding of an Ed25519 key is this prefix followed by the 32 raw bytes. */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    /** @param validFrom null when unknown; @param validUntil null while it is the newest key */
    record Pinned(PublicKey key, Instant validFrom, Instant validUntil) {
    }

    private final Map<String, Pinned> keys = new LinkedHashMap<>();

    void addBase64X509(String base64) {
        PublicKey key = publicKey(base64);
        keys.put(keyId(key), new Pinned(key, null, null));
    }

    /** Every Ed25519 key of a JWK Set ({@code kty} OKP, {@code crv} Ed25519), with its validity where given. */
    void addJwks(JsonNode jwks) {
        JsonNode list = jwks.path("keys");
        if (!list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("the JWK Set has no keys");
        }
        for (JsonNode jwk : list) {
            if (!"OKP".equals(jwk.path("kty").asText()) || !"Ed25519".equals(jwk.path("crv").asText())) {
                continue;
            }
            byte[] raw;
            try {
                raw = Base64.getUrlDecoder().decode(jwk.path("x").asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a JWK's x is not base64url");
            }
            if (raw.length != 32) {
                throw new IllegalArgumentException("a JWK's x is not a 32-byte Ed25519 key");
            }
            byte[] x509 = new byte[X509_PREFIX.length + raw.length];
            System.arraycopy(X509_PREFIX, 0, x509, 0, X509_PREFIX.length);
            System.arraycopy(raw, 0, x509, X509_PREFIX.length, raw.length);
            PublicKey key = publicKey(Base64.getEncoder().encodeToString(x509));
            String keyId = keyId(key);
            if (jwk.hasNonNull("kid") && !keyId.equals(jwk.get("kid").asText())) {
                throw new IllegalArgumentException("JWK " + jwk.get("kid").asText() + " names another key's id");
            }
            keys.put(keyId, new Pinned(key, instant(jwk, "validFrom"), instant(jwk, "validUntil")));
        }
    }

    Optional<Pinned> get(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    Map<String, PublicKey> publicKeys() {
        Map<String, PublicKey> plain = new LinkedHashMap<>();
        keys.forEach((id, pinned) -> plain.put(id, pinned.key()));
        return plain;
    }

    boolean isEmpty() {
        return keys.isEmpty();
    }

    static String keyId(PublicKey key) {
        return Encoding.sha256Hex(key.getEncoded()).substring(0, 16);
    }

    static PublicKey publicKey(String base64) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                    Base64.getDecoder().decode(base64.strip())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("--public-key is not a base64 X.509 Ed25519 public key");
        }
    }

    private static Instant instant(JsonNode jwk, String field) {
        if (!jwk.hasNonNull(field)) {
            return null;
        }
        try {
            return Instant.parse(jwk.get(field).asText());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("a JWK's " + field + " is not an ISO-8601 instant");
        }
    }
}
