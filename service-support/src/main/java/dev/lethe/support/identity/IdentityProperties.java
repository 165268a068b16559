package dev.lethe.support.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Identity resolution settings.
 *
 * @param blindIndexKey the key of the blind indexes (keyed HMAC-SHA-256) that emails, phones and source
 *                      references are matched by, Base64, at least 32 bytes (env {@code LETHE_BLIND_INDEX_KEY}).
 *                      No default: a service refuses to start without one. Must be the same in both services, so
 *                      that digests meet, and must never change while data exists, or known people stop matching.
 */
@ConfigurationProperties("lethe.identity")
public record IdentityProperties(String blindIndexKey) {

    /** Never prints key material. */
    @Override
    public String toString() {
        return "IdentityProperties[blindIndexKey=" + (blindIndexKey == null || blindIndexKey.isBlank() ? "<none>" : "<set>") + "]";
    }
}
