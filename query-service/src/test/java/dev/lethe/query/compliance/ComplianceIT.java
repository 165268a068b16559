package dev.lethe.query.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.contract.Personal;
import dev.lethe.contract.consent.ConsentGranted;
import dev.lethe.contract.customer.ContactDetailsChanged;
import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.contract.customer.ErasureReason;
import dev.lethe.contract.customer.PostalAddress;
import dev.lethe.contract.customer.ProcessingRestricted;
import dev.lethe.query.support.AuditIntegrationTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ComplianceIT extends AuditIntegrationTest {

    private static final Instant REGISTERED = Instant.parse("2026-03-01T09:00:00Z");
    private static final Instant RECTIFIED = Instant.parse("2026-04-01T09:00:00Z");
    private static final Instant CONSENTED = Instant.parse("2026-05-01T09:00:00Z");
    private static final Instant RESTRICTED = Instant.parse("2026-06-01T09:00:00Z");
    private static final Instant ERASED = Instant.parse("2026-07-01T09:00:00Z");

    @Test
    void historyShowsEveryEventDecryptedInOrderAndIsRecordedInTheAccessLog() {
        String id = aCustomerWithAHistory();

        HttpResponse<String> response = get("/api/compliance/customers/" + id + "/history");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode history = json(response.body());
        assertThat(history).hasSize(4);
        assertThat(types(history)).containsExactly("CustomerRegistered", "ContactDetailsChanged", "ConsentGranted",
                "ProcessingRestricted");
        assertThat(history.get(0).get("details").get("name").asText()).isEqualTo("Erika Mustermann");
        assertThat(history.get(0).get("personalData").asText()).isEqualTo("DECRYPTED");
        assertThat(history.get(1).get("personalFields")).extracting(JsonNode::asText).containsExactly("email");
        assertThat(history.get(0).get("actor").asText()).isEqualTo("agent-17");
        assertThat(history.get(0).get("sequence").asLong()).isLessThan(history.get(1).get("sequence").asLong());
        JsonNode accesses = getJson("/api/compliance/customers/" + id + "/export").get("accessLog");
        assertThat(accesses.get(0).get("endpoint").asText()).isEqualTo("GET /api/compliance/customers/{id}/history");
        assertThat(accesses.get(0).get("principal").asText()).as("the subject of the test's token")
                .isEqualTo("test-compliance-officer");
    }

    @Test
    void timeTravelReturnsTheStateBeforeAndAfterEachChange() {
        String id = aCustomerWithAHistory();

        assertThat(get(state(id, REGISTERED.minusSeconds(1))).statusCode()).isEqualTo(404);
        JsonNode registered = getJson(state(id, REGISTERED));
        assertThat(registered.get("email").asText()).isEqualTo("erika@example.org");
        assertThat(registered.get("postalAddress").get("city").asText()).isEqualTo("Berlin");
        assertThat(registered.get("sourceRecords").get(0).get("sourceCustomerId").asText()).isEqualTo("c-1042");
        assertThat(registered.get("consents").size()).isZero();
        assertThat(getJson(state(id, RECTIFIED.minusSeconds(1))).get("email").asText()).isEqualTo("erika@example.org");
        JsonNode rectified = getJson(state(id, RECTIFIED));
        assertThat(rectified.get("email").asText()).isEqualTo("erika.m@example.org");
        assertThat(rectified.get("name").asText()).isEqualTo("Erika Mustermann");
        assertThat(getJson(state(id, CONSENTED.minusSeconds(1))).get("consents").has("marketing")).isFalse();
        assertThat(getJson(state(id, CONSENTED)).get("consents").get("marketing").get("granted").asBoolean()).isTrue();
        assertThat(getJson(state(id, RESTRICTED.minusSeconds(1))).get("restricted").asBoolean()).isFalse();
        JsonNode restricted = getJson(state(id, RESTRICTED));
        assertThat(restricted.get("restricted").asBoolean()).isTrue();
        assertThat(restricted.get("eventsApplied").asInt()).isEqualTo(4);
        assertThat(restricted.get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void afterErasureTheChainStillVerifiesByteForByteAndHistoryAndTimeTravelShowErasedMarkers() throws Exception {
        String id = aCustomerWithAHistory();
        List<JsonNode> before = entriesOf(id);

        String erasedEvent = erase(id);

        JsonNode verification = getJson("/api/compliance/audit/verify");
        assertThat(verification.get("valid").asBoolean()).as("%s", verification).isTrue();
        assertThat(entriesOf(id).subList(0, before.size())).isEqualTo(before);
        JsonNode history = await().atMost(Duration.ofSeconds(30)).until(
                () -> getJson("/api/compliance/customers/" + id + "/history"),
                h -> "ERASED".equals(h.get(0).get("personalData").asText()));
        assertThat(history.get(0).get("details").get("name").get("lethe:erased").asBoolean()).isTrue();
        assertThat(history.get(4).get("eventId").asText()).isEqualTo(erasedEvent);
        assertThat(history.get(4).get("details").get("reason").asText()).isEqualTo("DATA_SUBJECT_REQUEST");
        assertThat(history.toString()).doesNotContain("Erika", "erika", "Hauptstr", "c-1042");
        JsonNode then = getJson(state(id, RECTIFIED));
        assertThat(then.get("email").get("lethe:erased").asBoolean()).isTrue();
        assertThat(getJson(state(id, ERASED)).get("status").asText()).isEqualTo("ERASED");
    }

    @Test
    void theSubjectAccessExportContainsProfileSourceRecordsConsentsHistoryAndEveryAccess() {
        String id = aCustomerWithAHistory();
        // the last event restricts processing (Art. 18): the view has it all once it says so; asked of the table, not
        // of the API, because an analyst's read before that would land in the access log this test checks
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(SUPERUSER.query(
                "SELECT restricted FROM query.customer_view WHERE customer_id = ?",
                rows -> rows.next() ? rows.getBoolean(1) : null, id)));
        getJson(state(id, RECTIFIED));

        HttpResponse<String> response = get("/api/compliance/customers/" + id + "/export");

        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode export = json(response.body());
        assertThat(export.get("format").asText()).isEqualTo("lethe-subject-access-export/1");
        JsonNode readModels = export.get("readModels");
        assertThat(readModels.get("customer_view").get(0).get("restricted").asBoolean()).isTrue();
        // the view keeps the registered (unverified) and the rectified (verified) email: both are held, both exported
        assertThat(readModels.get("customer_field").findValuesAsText("value"))
                .contains("erika@example.org", "erika.m@example.org");
        assertThat(readModels.get("customer_source_record").get(0).get("source").asText()).isEqualTo("webshop");
        assertThat(readModels.get("customer_consent").get(0).get("purpose").asText()).isEqualTo("marketing");
        JsonNode current = export.get("currentState");
        assertThat(current.get("name").asText()).isEqualTo("Erika Mustermann");
        assertThat(current.get("sourceRecords").get(0).get("sourceCustomerId").asText()).isEqualTo("c-1042");
        assertThat(current.get("consents").get("marketing").get("granted").asBoolean()).isTrue();
        assertThat(export.get("history")).hasSize(4);
        assertThat(export.get("accessLog").findValuesAsText("endpoint")).containsExactly(
                "GET /api/compliance/customers/{id}/state", "GET /api/compliance/customers/{id}/export");
        assertThat(export.get("accessLog").get(1).get("at").asText()).isNotBlank();
    }

    @Test
    void anUnknownCustomerIsNotFoundAndABadInstantIsRefusedNamingTheField() {
        HttpResponse<String> unknown = get("/api/compliance/customers/" + UUID.randomUUID() + "/history");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown.body()).get("code").asText()).isEqualTo("CUSTOMER_NOT_FOUND");
        assertThat(unknown.headers().firstValue("Cache-Control")).hasValue("no-store");
        for (String endpoint : List.of("state", "export", "erasure")) {
            assertThat(get("/api/compliance/customers/" + UUID.randomUUID() + "/" + endpoint).statusCode()).isEqualTo(404);
        }

        String id = aCustomerWithAHistory();
        long accessesBefore = SUPERUSER.queryForObject("SELECT count(*) FROM audit.access_log WHERE customer_id = ?",
                Long.class, id);
        HttpResponse<String> bad = get("/api/compliance/customers/" + id + "/state?asOf=yesterday");
        assertThat(bad.statusCode()).isEqualTo(400);
        JsonNode error = json(bad.body());
        assertThat(error.get("code").asText()).isEqualTo("INVALID_INSTANT");
        assertThat(error.get("field").asText()).isEqualTo("asOf");
        assertThat(error.get("message").asText()).contains("ISO-8601");
        assertThat(SUPERUSER.queryForObject("SELECT count(*) FROM audit.access_log WHERE customer_id = ?", Long.class,
                id)).isEqualTo(accessesBefore);
    }

    /** Registered, rectified, consented, restricted: four events at known instants. */
    private String aCustomerWithAHistory() {
        String id = UUID.randomUUID().toString();
        publish(id, new CustomerRegistered(id, "webshop", Personal.of("c-1042"), "order-fulfilment",
                Personal.of("Erika Mustermann"), Personal.of("erika@example.org"), Personal.of("+49301234567"),
                Personal.of(new PostalAddress("Hauptstr. 1", "10115", "Berlin", "DE")), null), REGISTERED);
        publish(id, new ContactDetailsChanged(id, "order-fulfilment", null, Personal.of("erika.m@example.org"), null,
                null, null), RECTIFIED);
        publish(id, new ConsentGranted(id, "marketing", "email", "v3", CONSENTED), CONSENTED);
        awaitAudited(publish(id, new ProcessingRestricted(id, "ACCURACY_CONTESTED"), RESTRICTED));
        return id;
    }

    private String erase(String id) throws Exception {
        destroyKey(id);
        String eventId = publish(id, new CustomerErased(id, ErasureReason.DATA_SUBJECT_REQUEST, ERASED), ERASED);
        awaitAudited(eventId);
        return eventId;
    }

    private List<JsonNode> entriesOf(String id) {
        List<JsonNode> entries = new ArrayList<>();
        getJson("/api/compliance/audit/export").get("entries").forEach(entry -> {
            if (id.equals(entry.get("customerId").asText())) {
                entries.add(entry);
            }
        });
        return entries;
    }

    private static List<String> types(JsonNode history) {
        List<String> types = new ArrayList<>();
        history.forEach(item -> types.add(item.get("eventType").asText().replaceAll(".*\\.", "")));
        return types;
    }

    private static String state(String id, Instant asOf) {
        return "/api/compliance/customers/" + id + "/state?asOf=" + asOf;
    }
}
