package dev.lethe.command.security;

import dev.lethe.localstack.LocalJwt;
import java.time.Duration;
import java.util.Arrays;

/**
 * Real signed tokens for the tests, with the local profile's well-known key ({@link LocalJwt}). The bad tokens the
 * shared security refuses are tested once, in service-support ({@code BadTokenIT}).
 */
public final class Tokens {

    private static final Duration VALIDITY = Duration.ofHours(1);

    private Tokens() {
    }

    /** A valid token for the subject with the roles, one hour long. */
    public static String token(String subject, String... roles) {
        return LocalJwt.mint(subject, VALIDITY, Arrays.asList(roles));
    }

    /** The Authorization header value. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
