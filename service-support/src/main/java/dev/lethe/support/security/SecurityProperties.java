package dev.lethe.support.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How bearer tokens are checked, the same in both services (docs/security.md). The query service's rate limit lives
 * under the same prefix ({@code lethe.security.rate-limit}) but is its own.
 *
 * @param issuer     the {@code iss} every token must carry
 * @param audience   the value the {@code aud} claim must contain
 * @param rolesClaim the claim holding the caller's roles (a list of names, or one space-separated string)
 * @param jwkSetUri  the identity provider's JWK set; keys are fetched, cached and refreshed on an unknown key id
 * @param publicJwks an inline JWK set (public keys only), the local profile's way to run without a provider
 * @param clockSkew  tolerance on {@code exp}, {@code nbf} and {@code iat}
 */
@ConfigurationProperties("lethe.security")
record SecurityProperties(
        String issuer,
        @DefaultValue("lethe") String audience,
        @DefaultValue("roles") String rolesClaim,
        String jwkSetUri,
        String publicJwks,
        @DefaultValue("PT30S") Duration clockSkew) {
}
