package dev.lethe.query.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param blindIndexKey the key of the blind indexes (HMAC-SHA-256, at least 32 bytes, Base64), the same as the
 *                      command service's, so that digests meet. No default: the service refuses to start
 *                      without one (env {@code LETHE_BLIND_INDEX_KEY}).
 */
@ConfigurationProperties("lethe.identity")
public record IdentityProperties(String blindIndexKey) {

    /** Never prints the key. */
    @Override
    public String toString() {
        return "IdentityProperties[blindIndexKey=" + (blindIndexKey == null || blindIndexKey.isBlank() ? "unset" : "***")
                + "]";
    }
}
