package dev.lethe.command.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.command.security.Tokens;
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
 * The Art. 30 record over real HTTP with real tokens: generated from the running configuration (the test's own
 * topic names appear in it), in JSON and Markdown, for compliance officers only; and the operators' sweep endpoint.
 */
class ProcessingRecordIT extends CommandServiceIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RECORD = "/api/compliance/processing-record";
    private static final String SWEEP = "/api/operations/retention/sweep";

    @LocalServerPort
    int port;

    @Test
    void theJsonRecordStatesWhatTheServiceEnforces() throws Exception {
        HttpResponse<String> response = get(RECORD, officer(), "application/json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode record = JSON.readTree(response.body());
        JsonNode lead = purpose(record, "lead");
        assertThat(texts(lead.get("personalFields"))).containsExactly("name", "email");
        assertThat(lead.at("/retention/eraseAfterInactivity").asText()).isEqualTo("P180D");
        assertThat(texts(lead.at("/retention/unlessPurposes"))).containsExactly("customer-service", "order-fulfilment");
        assertThat(lead.at("/retention/consentWithdrawnGrace").asText()).isEqualTo("P30D");
        assertThat(purpose(record, "order-fulfilment").at("/retention/eraseAfterInactivity").isNull()).isTrue();
        JsonNode crm = lead.get("sources").get(0);
        assertThat(crm.get("name").asText()).isEqualTo("crm");
        assertThat(texts(crm.get("commands"))).contains("EraseCustomer", "PlaceLegalHold");
        assertThat(texts(record.at("/legalHolds/sources"))).containsExactly("crm", "support");
        assertThat(record.at("/recipients/eventsTopic").asText()).isEqualTo(EVENTS);
        List<String> consumerGroups = new ArrayList<>();
        record.at("/recipients/eventConsumers").forEach(consumer -> consumerGroups.add(consumer.get("group").asText()));
        assertThat(consumerGroups).containsExactly("lethe-query-audit", "lethe-query-customer-view");
        assertThat(record.at("/safeguards/keyEncryptionKeyId").asText()).isEqualTo("local-kek-1");
        assertThat(response.body()).doesNotContain("bG9jYWwtZGVtby1rZXktZW5jcnlwdGlvbi1rZXktMDE=");
    }

    @Test
    void theMarkdownRecordIsServedForTheMarkdownMediaTypeOrTheFormatParameter() throws Exception {
        for (HttpResponse<String> response : List.of(get(RECORD, officer(), "text/markdown"),
                get(RECORD + "?format=md", officer(), "*/*"))) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/markdown");
            assertThat(response.body()).startsWith("# Record of processing activities (GDPR Art. 30)")
                    .contains("| lead | name, email | erased P180D after the last activity unless also held for "
                            + "customer-service, order-fulfilment")
                    .contains("events topic `" + EVENTS + "`")
                    .contains("key-encryption key id: `local-kek-1`");
        }
        HttpResponse<String> bad = get(RECORD + "?format=xml", officer(), "*/*");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("code").asText()).isEqualTo("INVALID_FORMAT");
    }

    @Test
    void eachRouteAnswersOnlyItsRole() throws Exception {
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("none", null);
        callers.put("ANALYST", Tokens.token("c-analyst", "ANALYST", "ANALYST_PII"));
        callers.put("OPERATOR", Tokens.token("c-operator", "OPERATOR"));
        callers.put("COMPLIANCE_OFFICER", officer());
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> caller : callers.entrySet()) {
            int record = get(RECORD, caller.getValue(), "application/json").statusCode();
            int expectedRecord = caller.getValue() == null ? 401 : caller.getKey().equals("COMPLIANCE_OFFICER") ? 200 : 403;
            if (record != expectedRecord) {
                wrong.add("record as " + caller.getKey() + ": " + record);
            }
            int sweep = post(SWEEP, caller.getValue()).statusCode();
            int expectedSweep = caller.getValue() == null ? 401 : caller.getKey().equals("OPERATOR") ? 200 : 403;
            if (sweep != expectedSweep) {
                wrong.add("sweep as " + caller.getKey() + ": " + sweep);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void anOperatorSweepAnswersWithItsReport() throws Exception {
        HttpResponse<String> response = post(SWEEP, Tokens.token("c-operator", "OPERATOR"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode report = JSON.readTree(response.body());
        assertThat(report.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(report.get("sweepId").asText()).hasSize(36);
    }

    private static String officer() {
        return Tokens.token("c-officer", "COMPLIANCE_OFFICER");
    }

    private static JsonNode purpose(JsonNode record, String name) {
        for (JsonNode purpose : record.get("purposes")) {
            if (purpose.get("name").asText().equals(name)) {
                return purpose;
            }
        }
        throw new AssertionError("no purpose " + name + " in " + record);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    private HttpResponse<String> get(String path, String token, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", accept).GET();
        return send(request, token);
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()), token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String token) throws Exception {
        if (token != null) {
            request.header("Authorization", Tokens.bearer(token));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
