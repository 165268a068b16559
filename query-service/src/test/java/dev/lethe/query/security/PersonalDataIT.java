package dev.lethe.query.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.query.support.Tokens;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Masking without ANALYST_PII, no-store on personal answers, and the token's subject in the access log. */
class PersonalDataIT extends SecuredServiceTest {

    @BeforeEach
    void customers() throws Exception {
        ensureCustomers();
    }

    @Test
    void anAnalystWithoutPiiSeesMaskedValues() {
        HttpResponse<String> response = call("GET", "/api/customers/" + known, Tokens.token("masked-analyst",
                "ANALYST"), null);
        JsonNode view = json(response.body());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(view.get("masked").asBoolean()).isTrue();
        assertThat(view.get("name").asText()).isEqualTo("***");
        assertThat(view.get("email").asText()).isEqualTo("***");
        assertThat(view.get("phone").asText()).isEqualTo("***");
        assertThat(view.has("postalAddress")).isFalse();
        assertThat(view.get("sourceRecords").get(0).get("sourceCustomerId").asText()).isEqualTo("***");
        assertThat(view.get("customerId").asText()).isEqualTo(known);
        assertThat(response.body()).doesNotContain(NAME).doesNotContain(EMAIL).doesNotContain("Hauptstr");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void searchResultsAreMaskedToo() {
        HttpResponse<String> response = call("POST", "/api/customers/search", Tokens.token("masked-analyst",
                "ANALYST"), "{\"email\":\"" + EMAIL + "\"}");
        JsonNode items = json(response.body()).get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("masked").asBoolean()).isTrue();
        assertThat(response.body()).doesNotContain(NAME).doesNotContain(EMAIL);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void anAnalystWithPiiSeesTheRecord() {
        HttpResponse<String> response = call("GET", "/api/customers/" + known, Tokens.token("pii-analyst",
                "ANALYST", "ANALYST_PII"), null);
        JsonNode view = json(response.body());
        assertThat(view.get("name").asText()).isEqualTo(NAME);
        assertThat(view.get("email").asText()).isEqualTo(EMAIL);
        assertThat(view.has("masked")).isFalse();
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void theAccessLogRecordsTheTokensSubject() {
        String subject = "analyst-" + System.nanoTime();
        assertThat(call("GET", "/api/customers/" + known, Tokens.token(subject, "ANALYST"), null).statusCode())
                .isEqualTo(200);
        String officer = "officer-" + System.nanoTime();
        assertThat(call("GET", "/api/compliance/customers/" + known + "/history", Tokens.token(officer,
                "COMPLIANCE_OFFICER"), null).statusCode()).isEqualTo(200);
        assertThat(SUPERUSER.queryForList("SELECT principal || ' ' || endpoint FROM audit.access_log "
                        + "WHERE customer_id = ? AND principal IN (?, ?) ORDER BY sequence", String.class, known,
                subject, officer))
                .containsExactly(subject + " GET /api/customers/{customerId}",
                        officer + " GET /api/compliance/customers/{id}/history");
    }

    @Test
    void aRefusedCallReadsNothingAndLogsNothing() {
        String subject = "operator-" + System.nanoTime();
        assertThat(call("GET", "/api/customers/" + known, Tokens.token(subject, "OPERATOR"), null).statusCode())
                .isEqualTo(403);
        assertThat(SUPERUSER.queryForObject("SELECT count(*) FROM audit.access_log WHERE principal = ?", Long.class,
                subject)).isZero();
    }
}
