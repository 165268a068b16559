package dev.lethe.query.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Every key that ever signed checkpoints and erasure receipts, kept in {@code audit.signing_key} (append-only), so
 * that a receipt stays verifiable after its key was replaced even if nobody kept the old public key in the
 * configuration. The running key is registered when the service starts: its validity begins then (or earlier, when
 * another instance registered it first) and ends when the next key's begins. Keys configured as retired that are
 * not registered yet are added without a start ({@code validFrom} null: used before this registry existed).
 */
@Component
class SigningKeyRegistry {

    static final String ALGORITHM = "Ed25519";
    /** The X.509 encoding of an Ed25519 key is this fixed 12-byte prefix and the 32 raw bytes (RFC 8410). */
    private static final int X509_PREFIX_LENGTH = 12;

    /** The public route answers anyone without a token: at most one query per this, whatever the traffic. */
    private static final Duration JWKS_CACHE = Duration.ofSeconds(10);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private volatile Cached cached;

    public SigningKeyRegistry(JdbcTemplate jdbc, CheckpointKeys keys, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        // the service's own clock, which also dates its receipts: none can predate the key that signs it.
        // Two instances starting at once with the same key: one row, the first start wins.
        jdbc.update("INSERT INTO audit.signing_key (key_id, algorithm, public_key, valid_from) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (key_id) DO NOTHING", keys.keyId(), ALGORITHM, keys.publicKeyBase64(),
                Timestamp.from(clock.instant()));
        keys.retiredPublicKeysBase64().forEach((keyId, publicKey) -> jdbc.update(
                "INSERT INTO audit.signing_key (key_id, algorithm, public_key, valid_from) VALUES (?, ?, ?, NULL) "
                        + "ON CONFLICT (key_id) DO NOTHING", keyId, ALGORITHM, publicKey));
    }

    /** Oldest first; a key's validity ends where the next one's begins, the newest key's is open. */
    public List<SigningKey> all() {
        List<Row> rows = jdbc.query("SELECT key_id, algorithm, public_key, valid_from FROM audit.signing_key "
                        + "ORDER BY valid_from NULLS FIRST, key_id",
                (rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()));
        List<SigningKey> keys = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            Instant until = null;
            for (int j = i + 1; j < rows.size() && until == null; j++) {
                Instant next = rows.get(j).validFrom();
                if (next != null && (row.validFrom() == null || next.isAfter(row.validFrom()))) {
                    until = next;
                }
            }
            keys.add(new SigningKey(row.keyId(), row.algorithm(), row.publicKey(), row.validFrom(), until));
        }
        return keys;
    }

    /** The keys as a JWK Set (RFC 7517; Ed25519 as an OKP key, RFC 8037) with each key's validity. */
    public Map<String, Object> jwks() {
        Instant now = clock.instant();
        Cached current = cached;
        if (current == null || !now.isBefore(current.at().plus(JWKS_CACHE))) {
            current = new Cached(now, Map.of("keys", all().stream().map(SigningKeyRegistry::jwk).toList()));
            cached = current;
        }
        return current.jwks();
    }

    private record Cached(Instant at, Map<String, Object> jwks) {
    }

    private static Map<String, Object> jwk(SigningKey key) {
        byte[] x509 = Base64.getDecoder().decode(key.publicKeyBase64());
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "OKP");
        jwk.put("crv", "Ed25519");
        jwk.put("kid", key.keyId());
        jwk.put("alg", "EdDSA");
        jwk.put("use", "sig");
        jwk.put("x", Base64.getUrlEncoder().withoutPadding().encodeToString(
                Arrays.copyOfRange(x509, X509_PREFIX_LENGTH, x509.length)));
        jwk.put("validFrom", key.validFrom() == null ? null : CanonicalEncoding.instant(key.validFrom()));
        jwk.put("validUntil", key.validUntil() == null ? null : CanonicalEncoding.instant(key.validUntil()));
        return jwk;
    }

    /**
     * @param publicKeyBase64 base64 of the X.509 encoding
     * @param validFrom       null: used before the registry existed
     * @param validUntil      null: still the newest key
     */
    public record SigningKey(String keyId, String algorithm, String publicKeyBase64, Instant validFrom,
                             Instant validUntil) {
    }

    private record Row(String keyId, String algorithm, String publicKey, Instant validFrom) {
    }
}
