package dev.lethe.command.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Identity resolution settings.
 *
 * @param blindIndexKey the key of the blind indexes (keyed HMAC-SHA-256) that emails, phones and source
 *                      references are matched by, Base64, at least 32 bytes. No default: the service refuses
 *                      to start without one. Must be the same in every service that matches (the query
 *                      service too) and must never change while data exists, or known people stop matching.
 */
@ConfigurationProperties("lethe.identity")
public record IdentityProperties(String blindIndexKey) {

    /** Never prints key material. */
    @Override
    public String toString() {
        return "IdentityProperties[blindIndexKey=" + (blindIndexKey == null || blindIndexKey.isBlank() ? "<none>" : "<set>") + "]";
    }
}
