package dev.lethe.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.local.LocalTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** {@code GET /api/compliance/audit/verify} once the trail holds every event: entries verified per second. */
final class AuditVerification {

    record Outcome(long entries, double seconds) {

        double perSecond() {
            return entries / seconds;
        }
    }

    static final String AUDIT_GROUP = "lethe-query-audit";
    private static final String COMPLIANCE_TOKEN = LocalTokens.mint("benchmark", List.of("COMPLIANCE_OFFICER"));

    private AuditVerification() {
    }

    static Outcome measure(String queryUrl, ConsumerProgress progress) throws Exception {
        progress.awaitCaughtUp(AUDIT_GROUP, Duration.ofMinutes(5));
        long start = System.nanoTime();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(queryUrl + "/api/compliance/audit/verify")).timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + COMPLIANCE_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - start) / 1e9;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("audit verification answered HTTP " + response.statusCode());
        }
        JsonNode verification = new ObjectMapper().readTree(response.body());
        if (!verification.path("valid").asBoolean()) {
            throw new IllegalStateException("the audit trail did not verify: " + verification.path("reason").asText());
        }
        return new Outcome(verification.path("entries").asLong(), seconds);
    }
}
