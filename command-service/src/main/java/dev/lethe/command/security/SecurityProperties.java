package dev.lethe.command.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How bearer tokens for the actuator are checked; the same keys and meaning as the query service's
 * (docs/security.md). Commands arrive over Kafka, not HTTP: the actuator is this service's only HTTP surface.
 *
 * @param issuer     the {@code iss} every token must carry
 * @param audience   the value the {@code aud} claim must contain
 * @param rolesClaim the claim holding the caller's roles
 * @param jwkSetUri  the identity provider's JWK set
 * @param publicJwks an inline JWK set (public keys only), the local profile's way to run without a provider
 * @param clockSkew  tolerance on {@code exp}, {@code nbf} and {@code iat}
 */
@ConfigurationProperties("lethe.security")
public record SecurityProperties(
        String issuer,
        @DefaultValue("lethe") String audience,
        @DefaultValue("roles") String rolesClaim,
        String jwkSetUri,
        String publicJwks,
        @DefaultValue("PT30S") Duration clockSkew) {
}
