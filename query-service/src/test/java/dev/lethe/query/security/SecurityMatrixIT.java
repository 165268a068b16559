package dev.lethe.query.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.query.support.Tokens;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every route × {no token, ANALYST, ANALYST + ANALYST_PII, COMPLIANCE_OFFICER, OPERATOR} over real HTTP with real
 * signed tokens: the allowed roles get the route's success status, other roles 403, no token 401.
 */
class SecurityMatrixIT extends SecuredServiceTest {

    enum Caller {
        NONE(null), ANALYST("ANALYST"), ANALYST_PII("ANALYST", "ANALYST_PII"),
        COMPLIANCE_OFFICER("COMPLIANCE_OFFICER"), OPERATOR("OPERATOR");

        final String[] roles;

        Caller(String... roles) {
            this.roles = roles;
        }

        String token() {
            return this == NONE ? null : Tokens.token("matrix-" + name().toLowerCase(), roles);
        }
    }

    /** @param allowed null: everyone, even without a token; empty: any authenticated caller */
    record Route(String method, String path, String body, int success, Set<Caller> allowed) {
    }

    private static final Set<Caller> ANALYSTS = Set.of(Caller.ANALYST, Caller.ANALYST_PII);
    private static final Set<Caller> COMPLIANCE = Set.of(Caller.COMPLIANCE_OFFICER);
    private static final Set<Caller> OPERATORS = Set.of(Caller.OPERATOR);
    private static final Set<Caller> AUTHENTICATED = Set.of(Caller.ANALYST, Caller.ANALYST_PII,
            Caller.COMPLIANCE_OFFICER, Caller.OPERATOR);

    @BeforeEach
    void customers() throws Exception {
        ensureCustomers();
    }

    private List<Route> routes() {
        String c = "/api/compliance/customers/";
        return List.of(
                new Route("GET", "/api/customers/" + known, null, 200, ANALYSTS),
                new Route("POST", "/api/customers/search", "{\"email\":\"" + EMAIL + "\"}", 200, ANALYSTS),
                new Route("GET", "/api/customers/stats", null, 200, ANALYSTS),
                new Route("GET", c + known + "/history", null, 200, COMPLIANCE),
                new Route("GET", c + known + "/state", null, 200, COMPLIANCE),
                new Route("GET", c + known + "/export", null, 200, COMPLIANCE),
                new Route("GET", c + erased + "/erasure", null, 200, COMPLIANCE),
                new Route("GET", "/api/compliance/audit/verify", null, 200, COMPLIANCE),
                new Route("GET", "/api/compliance/audit/export", null, 200, COMPLIANCE),
                new Route("POST", "/api/compliance/audit/checkpoints", null, 201, COMPLIANCE),
                new Route("GET", "/api/operations/projections", null, 200, OPERATORS),
                // an unknown projection: proves the operator is let through without emptying a shared view
                new Route("POST", "/api/operations/projections/no-such-projection/rebuild", null, 404, OPERATORS),
                new Route("POST", "/api/operations/projections/no-such-projection/parked/retry", null, 404, OPERATORS),
                new Route("GET", "/api/public/receipt-keys", null, 200, null),
                // open is exactly that route, for reading: nothing else under /api/public
                new Route("POST", "/api/public/receipt-keys", null, 0, Set.of()),
                new Route("GET", "/api/public/receipt-keys/x", null, 0, Set.of()),
                new Route("GET", "/actuator/health", null, 200, null),
                new Route("GET", "/actuator/health/liveness", null, 200, null),
                new Route("GET", "/actuator/health/readiness", null, 200, null),
                new Route("GET", "/actuator/info", null, 200, OPERATORS),
                new Route("GET", "/actuator/metrics", null, 200, OPERATORS),
                new Route("GET", "/actuator/prometheus", null, 200, OPERATORS),
                new Route("GET", "/v3/api-docs", null, 200, AUTHENTICATED),
                new Route("GET", "/swagger-ui/index.html", null, 200, AUTHENTICATED),
                // no rule: denied to everyone who has a token
                new Route("GET", "/api/not-a-route", null, 0, Set.of()),
                new Route("DELETE", "/api/customers/" + known, null, 0, Set.of()));
    }

    @Test
    void everyRoleGetsExactlyWhatItsRowSays() {
        Map<Caller, String> tokens = new LinkedHashMap<>();
        for (Caller caller : Caller.values()) {
            tokens.put(caller, caller.token());
        }
        List<String> wrong = new ArrayList<>();
        for (Route route : routes()) {
            for (Caller caller : Caller.values()) {
                int expected = expected(route, caller);
                HttpResponse<String> response = call(route.method(), route.path(), tokens.get(caller), route.body());
                if (response.statusCode() != expected) {
                    wrong.add(route.method() + " " + route.path() + " as " + caller + ": expected " + expected
                            + ", got " + response.statusCode());
                }
                if (expected == 401 || expected == 403) {
                    JsonNode body = json(response.body());
                    assertThat(body.get("code").asText()).isEqualTo(expected == 401 ? "UNAUTHENTICATED" : "FORBIDDEN");
                    assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.lethe");
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static int expected(Route route, Caller caller) {
        if (route.allowed() == null) {
            return route.success();
        }
        if (caller == Caller.NONE) {
            return 401;
        }
        return route.allowed().contains(caller) ? route.success() : 403;
    }

    @Test
    void healthDetailsOnlyForOperators() {
        HttpResponse<String> anonymous = call("GET", "/actuator/health", null, null);
        HttpResponse<String> analyst = call("GET", "/actuator/health", Caller.ANALYST.token(), null);
        HttpResponse<String> operator = call("GET", "/actuator/health", Caller.OPERATOR.token(), null);
        assertThat(json(anonymous.body()).has("components")).isFalse();
        assertThat(json(analyst.body()).has("components")).isFalse();
        assertThat(json(operator.body()).get("components").has("db")).isTrue();
    }
}
