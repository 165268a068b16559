package dev.lethe.command.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.command.support.CommandServiceIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The command service's HTTP surface, the actuator and the operator API, over real HTTP with real signed tokens:
 * health open for probes, everything else for OPERATOR, unknown paths refused. Each kind of bad token is refused by
 * the shared security, tested once in service-support ({@code BadTokenIT}).
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
