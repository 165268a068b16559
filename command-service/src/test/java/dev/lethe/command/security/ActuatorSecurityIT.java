package dev.lethe.command.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.PlainJWT;
import dev.lethe.command.support.CommandServiceIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The command service's HTTP surface, the actuator and the operator API, over real HTTP with real signed tokens:
 * health open for probes, everything else for OPERATOR, bad tokens 401, unknown paths refused.
 */
class ActuatorSecurityIT extends CommandServiceIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Test
    void everyActuatorRouteAnswersPerRole() throws Exception {
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("none", null);
        callers.put("ANALYST", Tokens.token("c-analyst", "ANALYST", "ANALYST_PII"));
        callers.put("COMPLIANCE_OFFICER", Tokens.token("c-officer", "COMPLIANCE_OFFICER"));
        callers.put("OPERATOR", Tokens.token("c-operator", "OPERATOR"));
        List<String> wrong = new ArrayList<>();
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
                "/actuator/info", "/actuator/metrics", "/actuator/prometheus", "/api/operations/keys", "/api/anything")) {
            for (Map.Entry<String, String> caller : callers.entrySet()) {
                int expected = expected(path, caller.getKey());
                int actual = get(path, caller.getValue()).statusCode();
                if (actual != expected) {
                    wrong.add(path + " as " + caller.getKey() + ": expected " + expected + ", got " + actual);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static int expected(String path, String caller) {
        if (path.startsWith("/actuator/health")) {
            return 200;
        }
        if (caller.equals("none")) {
            return 401;
        }
        boolean operatorRoute = path.startsWith("/actuator") || path.startsWith("/api/operations/");
        return operatorRoute && caller.equals("OPERATOR") ? 200 : 403;
    }

    @Test
    void healthDetailsOnlyForOperators() throws Exception {
        assertThat(json(get("/actuator/health", null).body()).has("components")).isFalse();
        assertThat(json(get("/actuator/health", Tokens.token("c-analyst", "ANALYST")).body()).has("components"))
                .isFalse();
        assertThat(json(get("/actuator/health", Tokens.token("c-operator", "OPERATOR")).body()).get("components")
                .has("db")).isTrue();
    }

    @Test
    void badTokensGet401WithAGenericBody() throws Exception {
        Instant now = Instant.now();
        RSAKey stranger = new RSAKeyGenerator(2048).keyID(Tokens.LOCAL_KEY.getKeyID()).generate();
        RSAKey unknown = new RSAKeyGenerator(2048).keyID("unknown-key").generate();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("none", null);
        cases.put("malformed", "not-a-jwt");
        cases.put("wrong signature", Tokens.sign(stranger, JWSAlgorithm.RS256, stranger.getKeyID(),
                Tokens.claims("bad", "OPERATOR").build()));
        cases.put("alg none", new PlainJWT(Tokens.claims("bad", "OPERATOR").build()).serialize());
        cases.put("expired", Tokens.token(c -> c.issueTime(Date.from(now.minusSeconds(7200)))
                .notBeforeTime(Date.from(now.minusSeconds(7200))).expirationTime(Date.from(now.minusSeconds(3600))),
                "bad", "OPERATOR"));
        cases.put("not yet valid", Tokens.token(c -> c.notBeforeTime(Date.from(now.plusSeconds(3600))),
                "bad", "OPERATOR"));
        cases.put("wrong issuer", Tokens.token(c -> c.issuer("https://idp.example.org/other"), "bad", "OPERATOR"));
        cases.put("wrong audience", Tokens.token(c -> c.audience("some-other-api"), "bad", "OPERATOR"));
        cases.put("unknown key id", Tokens.sign(unknown, JWSAlgorithm.RS256, unknown.getKeyID(),
                Tokens.claims("bad", "OPERATOR").build()));
        for (Map.Entry<String, String> badToken : cases.entrySet()) {
            HttpResponse<String> response = get("/actuator/prometheus", badToken.getValue());
            assertThat(response.statusCode()).as(badToken.getKey()).isEqualTo(401);
            assertThat(json(response.body()).get("code").asText()).as(badToken.getKey()).isEqualTo("UNAUTHENTICATED");
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(badToken.getKey()).isPresent();
        }
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String body) throws Exception {
        return JSON.readTree(body);
    }
}
