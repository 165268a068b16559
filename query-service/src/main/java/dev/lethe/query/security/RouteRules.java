package dev.lethe.query.security;

import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpMethod;

/**
 * Who may call what, as data: the {@code SecurityFilterChain} is built from this list and {@code RouteRulesIT}
 * checks that every handler mapping of the running service is covered by a rule, so an endpoint added without a
 * rule fails the build. Anything not listed is denied.
 */
final class RouteRules {

    /**
     * @param method  null for every method
     * @param pattern a path pattern as in {@code PathPatternRequestMatcher}
     * @param roles   empty with {@code open} true: anyone, even without a token; empty with {@code open} false:
     *                any authenticated caller
     */
    public record Rule(HttpMethod method, String pattern, boolean open, List<Role> roles) {

        static Rule open(String pattern) {
            return new Rule(HttpMethod.GET, pattern, true, List.of());
        }

        static Rule authenticated(String pattern) {
            return new Rule(HttpMethod.GET, pattern, false, List.of());
        }

        static Rule roles(HttpMethod method, String pattern, Role... roles) {
            return new Rule(method, pattern, false, Arrays.asList(roles));
        }
    }

    /** In order: the first matching rule decides. */
    public static final List<Rule> RULES = List.of(
            Rule.roles(HttpMethod.GET, "/api/customers/stats", Role.ANALYST),
            Rule.roles(HttpMethod.GET, "/api/customers/{customerId}", Role.ANALYST),
            Rule.roles(HttpMethod.POST, "/api/customers/search", Role.ANALYST),
            Rule.roles(null, "/api/compliance/**", Role.COMPLIANCE_OFFICER),
            Rule.roles(null, "/api/operations/**", Role.OPERATOR),
            // public keys only, so that anyone can verify an erasure receipt (docs/crypto-shredding.md)
            Rule.open("/api/public/receipt-keys"),
            // health answers everyone for probes; its details only to operators (management.endpoint.health)
            Rule.open("/actuator/health"),
            Rule.open("/actuator/health/liveness"),
            Rule.open("/actuator/health/readiness"),
            Rule.roles(null, "/actuator/**", Role.OPERATOR),
            Rule.authenticated("/v3/api-docs"),
            Rule.authenticated("/v3/api-docs/**"),
            Rule.authenticated("/v3/api-docs.yaml"),
            Rule.authenticated("/swagger-ui.html"),
            Rule.authenticated("/swagger-ui/**"),
            // Spring's error page: a forward of a request that was already allowed or answered
            new Rule(null, "/error", true, List.of()));

    private RouteRules() {
    }
}
