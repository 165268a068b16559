package dev.lethe.query.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A token bucket per principal: {@code burst} requests at once, refilled at {@code requestsPerSecond}. Under
 * {@code lethe.security} beside the token settings, but the query service's own: only it rate-limits.
 */
@ConfigurationProperties("lethe.security.rate-limit")
record RateLimitProperties(@DefaultValue("50") double requestsPerSecond, @DefaultValue("100") int burst) {
}
