package dev.lethe.command.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.lethe.localstack.LocalJwt;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/** Real signed tokens for the tests, with the local profile's well-known key ({@link LocalJwt}). */
public final class Tokens {

    public static final String ISSUER = LocalJwt.ISSUER;
    public static final String AUDIENCE = LocalJwt.AUDIENCE;
    public static final RSAKey LOCAL_KEY = LocalJwt.LOCAL_KEY;
    private static final Duration VALIDITY = Duration.ofHours(1);

    private Tokens() {
    }

    /** A valid token for the subject with the roles, one hour long. */
    public static String token(String subject, String... roles) {
        return LocalJwt.mint(subject, VALIDITY, Arrays.asList(roles));
    }

    /** A token from valid claims changed by {@code change}; for the bad-token tests. */
    public static String token(UnaryOperator<JWTClaimsSet.Builder> change, String subject, String... roles) {
        return sign(LOCAL_KEY, JWSAlgorithm.RS256, LOCAL_KEY.getKeyID(), change.apply(claims(subject, roles)).build());
    }

    public static JWTClaimsSet.Builder claims(String subject, String... roles) {
        return LocalJwt.claims(subject, VALIDITY, Arrays.asList(roles));
    }

    public static String sign(RSAKey key, JWSAlgorithm algorithm, String keyId, JWTClaimsSet claims) {
        return LocalJwt.sign(key, algorithm, keyId, claims);
    }

    /** The Authorization header value. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
