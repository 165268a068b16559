package dev.lethe.query.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How bearer tokens are checked (docs/security.md).
 *
 * @param issuer       the {@code iss} every token must carry; with an identity provider also where its discovery
 *                     document lives when {@code jwkSetUri} is not set
 * @param audience     the value the {@code aud} claim must contain
 * @param rolesClaim   the claim holding the caller's roles (a list of names, or one space-separated string)
 * @param jwkSetUri    the identity provider's JWK set; keys are fetched, cached and refreshed on an unknown key id
 * @param publicJwks   an inline JWK set (public keys only), the local profile's way to run without a provider
 * @param clockSkew    tolerance on {@code exp}, {@code nbf} and {@code iat}
 * @param rateLimit    requests per principal
 */
@ConfigurationProperties("lethe.security")
public record SecurityProperties(
        String issuer,
        @DefaultValue("lethe") String audience,
        @DefaultValue("roles") String rolesClaim,
        String jwkSetUri,
        String publicJwks,
        @DefaultValue("PT30S") Duration clockSkew,
        @DefaultValue RateLimit rateLimit) {

    /**
     * A token bucket per principal: {@code burst} requests at once, refilled at {@code requestsPerSecond}.
     */
    public record RateLimit(@DefaultValue("50") double requestsPerSecond, @DefaultValue("100") int burst) {
    }
}
