package dev.lethe.support.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.text.ParseException;
import java.util.List;
import java.util.Set;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The one {@link JwtDecoder}: signature with a key from the configured JWK set (a token naming an unknown key id is
 * refused), only RS256 and ES256 ({@code none} and the shared-secret HS* family never verify), then issuer,
 * audience, expiry (required) and not-before with a small clock skew. Before Spring Boot's own resource-server and
 * user-details auto-configuration, so that neither adds a decoder or a generated password beside it.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"})
@EnableConfigurationProperties(SecurityProperties.class)
class JwtAutoConfiguration {

    /** Asymmetric only: an HS* token would let anyone holding the verification key mint tokens. */
    static final Set<SignatureAlgorithm> ALLOWED_ALGORITHMS = Set.of(SignatureAlgorithm.RS256, SignatureAlgorithm.ES256);

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(SecurityProperties properties) {
        require(properties.issuer(), "lethe.security.issuer (LETHE_JWT_ISSUER)");
        NimbusJwtDecoder decoder;
        if (hasText(properties.jwkSetUri())) {
            decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri())
                    .jwsAlgorithms(algorithms -> algorithms.addAll(ALLOWED_ALGORITHMS)).build();
        } else if (hasText(properties.publicJwks())) {
            decoder = NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(publicKeys(properties.publicJwks())))
                    .jwsAlgorithms(algorithms -> algorithms.addAll(ALLOWED_ALGORITHMS)).build();
        } else {
            throw new IllegalStateException("no token verification keys: set lethe.security.jwk-set-uri "
                    + "(LETHE_JWT_JWK_SET_URI) to the identity provider's JWK set (docs/security.md)");
        }
        decoder.setJwtValidator(validator(properties));
        return decoder;
    }

    static OAuth2TokenValidator<Jwt> validator(SecurityProperties properties) {
        require(properties.audience(), "lethe.security.audience");
        List<OAuth2TokenValidator<Jwt>> validators = List.of(
                timestamps(properties),
                new JwtIssuerValidator(properties.issuer()),
                new JwtAudienceValidator(properties.audience()));
        return JwtValidators.createDefaultWithValidators(validators);
    }

    /** A token without {@code exp} would be valid forever. */
    private static JwtTimestampValidator timestamps(SecurityProperties properties) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
        timestamps.setAllowEmptyExpiryClaim(false);
        return timestamps;
    }

    /** Only public keys are accepted here, so a private key pasted by mistake is refused rather than used. */
    private static JWKSet publicKeys(String json) {
        try {
            JWKSet set = JWKSet.parse(json);
            if (set.getKeys().isEmpty() || set.getKeys().stream().anyMatch(key -> key.isPrivate())) {
                throw new IllegalStateException("lethe.security.public-jwks must hold public keys only");
            }
            return set;
        } catch (ParseException e) {
            throw new IllegalStateException("lethe.security.public-jwks is not a JWK set");
        }
    }

    private static void require(String value, String name) {
        if (!hasText(value)) {
            throw new IllegalStateException(name + " is not set (docs/security.md)");
        }
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
