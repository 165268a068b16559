package dev.lethe.query.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Key material for crypto-shredding. Key-encryption keys come from configuration (environment, secret
 * files mounted as config trees, a secret manager feeding Spring's environment), never from the database.
 *
 * @param kek              the key-encryption keys that wrap every person's data key
 * @param dataKeyCacheTtl  how long an unwrapped data key stays in memory; a destroyed key is evicted at
 *                         once in this service (default 5 minutes)
 */
@Validated
@ConfigurationProperties("lethe.crypto")
public record CryptoProperties(@NotNull @Valid Kek kek, @NotNull Duration dataKeyCacheTtl) {

    /**
     * @param currentId the id of the KEK that wraps new data keys (no default: the service refuses to start
     *                  without one)
     * @param keys      KEKs by id, each 32 bytes in base64; keep retired ones until every data key is
     *                  re-wrapped under the current one
     */
    public record Kek(String currentId, Map<String, String> keys) {
        public Kek {
            keys = keys == null ? Map.of() : Map.copyOf(keys);
        }

        /** Never prints key material. */
        @Override
        public String toString() {
            return "Kek[currentId=" + currentId + ", ids=" + keys.keySet() + "]";
        }
    }
}
