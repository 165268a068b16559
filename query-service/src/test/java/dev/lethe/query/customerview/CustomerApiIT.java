package dev.lethe.query.customerview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.contract.consent.ConsentGranted;
import dev.lethe.contract.consent.ConsentWithdrawn;
import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.ErasureReason;
import dev.lethe.contract.customer.ProcessingRestricted;
import dev.lethe.contract.customer.ProcessingRestrictionLifted;
import dev.lethe.contract.identity.CustomerMergedInto;
import dev.lethe.contract.identity.CustomersMerged;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The analyst API: search, paging, stats, restriction, error bodies, OpenAPI. */
class CustomerApiIT extends CustomerViewTestBase {

    private static final String SEARCH = "/api/customers/search";

    @Test
    void searchByEmailOrPhoneFindsThePersonHoweverTheValueIsWritten() throws Exception {
        String id = UUID.randomUUID().toString();
        String email = "Jana." + id.substring(0, 8) + "@Example.org";
        String phone = "+49 30 " + digits(id);
        publish(id, registered(id, "webshop", "w-" + id, "Jana Beispiel", email, phone));
        awaitStatus(id, 200);

        for (String body : List.of(
                "{\"email\": \"" + email + "\"}",
                "{\"email\": \"  " + email.toLowerCase() + " \"}",
                "{\"phone\": \"" + phone + "\"}",
                "{\"phone\": \"0049-30-" + digits(id) + "\"}",
                "{\"phone\": \"(+49) 30 " + digits(id) + "\"}")) {
            HttpResponse<String> response = post(SEARCH, body);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
            JsonNode page = JSON.readTree(response.body());
            assertThat(page.get("totalItems").asLong()).as(body).isEqualTo(1);
            assertThat(page.get("items").get(0).get("customerId").asText()).isEqualTo(id);
        }
        assertThat(JSON.readTree(post(SEARCH, "{\"email\": \"nobody-" + id + "@example.org\"}").body())
                .get("totalItems").asLong()).isZero();
    }

    @Test
    void searchBySourceReferenceFindsTheSurvivorOfAMergedCustomer() throws Exception {
        String survivor = UUID.randomUUID().toString();
        String member = UUID.randomUUID().toString();
        publish(survivor, registered(survivor, "webshop", "w-" + survivor, "Paul Probe", null, null));
        publish(member, registered(member, "crm", "crm-" + member, "P. Probe", null, null));
        publish(survivor, new CustomersMerged(survivor, member, List.of()));
        publish(member, new CustomerMergedInto(member, survivor));
        await().atMost(Duration.ofSeconds(30)).until(() -> customer(member).path("status").asText().equals("MERGED"));

        JsonNode page = JSON.readTree(post(SEARCH,
                "{\"source\": \"crm\", \"sourceCustomerId\": \"crm-" + member + "\"}").body());

        assertThat(page.get("totalItems").asLong()).isEqualTo(1);
        assertThat(page.get("items").get(0).get("customerId").asText()).isEqualTo(survivor);
        assertThat(page.get("items").get(0).get("mergedCustomerIds").get(0).asText()).isEqualTo(member);
        JsonNode merged = JSON.readTree(post(SEARCH,
                "{\"source\": \"crm\", \"sourceCustomerId\": \"crm-" + member + "\", \"status\": \"MERGED\"}").body());
        assertThat(merged.get("items").get(0).get("customerId").asText()).isEqualTo(member);
    }

    @Test
    void searchByConsentIsPagedAndSorted() throws Exception {
        String purpose = "survey-" + UUID.randomUUID().toString().substring(0, 8);
        Instant base = Instant.parse("2026-10-01T00:00:00Z");
        List<String> granted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = UUID.randomUUID().toString();
            publish(id, registered(id, "webshop", "w-" + id, "Person " + i, null, null), base.plusSeconds(i));
            publish(id, new ConsentGranted(id, purpose, "web", "v1", base.plusSeconds(i)), base.plusSeconds(i));
            granted.add(id);
        }
        String withdrawn = UUID.randomUUID().toString();
        publish(withdrawn, registered(withdrawn, "webshop", "w-" + withdrawn, "Person W", null, null), base);
        publish(withdrawn, new ConsentGranted(withdrawn, purpose, "web", "v1", base), base);
        publish(withdrawn, new ConsentWithdrawn(withdrawn, purpose, "web", base.plusSeconds(9)), base.plusSeconds(9));
        awaitAllApplied();

        JsonNode first = JSON.readTree(post(SEARCH, "{\"consentPurpose\": \"" + purpose
                + "\", \"consentStatus\": \"GRANTED\", \"size\": 2, \"sort\": \"createdAt,desc\"}").body());
        JsonNode last = JSON.readTree(post(SEARCH, "{\"consentPurpose\": \"" + purpose
                + "\", \"size\": 2, \"page\": 2, \"sort\": \"createdAt,desc\"}").body());
        JsonNode withdrawals = JSON.readTree(post(SEARCH, "{\"consentPurpose\": \"" + purpose
                + "\", \"consentStatus\": \"WITHDRAWN\"}").body());

        assertThat(first.get("totalItems").asLong()).isEqualTo(5);
        assertThat(first.get("totalPages").asInt()).isEqualTo(3);
        assertThat(first.get("size").asInt()).isEqualTo(2);
        assertThat(ids(first)).containsExactly(granted.get(4), granted.get(3));
        assertThat(last.get("page").asInt()).isEqualTo(2);
        assertThat(ids(last)).containsExactly(granted.get(0));
        assertThat(ids(withdrawals)).containsExactly(withdrawn);
    }

    @Test
    void statsCountStatusesSourcesAndConsentsWithoutPersonalData() throws Exception {
        String source = "shop-" + UUID.randomUUID().toString().substring(0, 8);
        String purpose = "ads-" + UUID.randomUUID().toString().substring(0, 8);
        awaitAllApplied();
        JsonNode before = JSON.readTree(get("/api/customers/stats").body());
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String c = UUID.randomUUID().toString();
        for (String id : List.of(a, b, c)) {
            publish(id, registered(id, source, "ref-" + id, "Stat Person", "stat-" + id + "@example.org", null));
        }
        publish(a, new ConsentGranted(a, purpose, "web", "v1", Instant.now()));
        publish(b, new ConsentGranted(b, purpose, "web", "v1", Instant.now()));
        publish(b, new ConsentWithdrawn(b, purpose, "web", Instant.now()));
        publish(b, new ProcessingRestricted(b, "accuracy contested"));
        publish(c, new CustomerErased(c, ErasureReason.DATA_SUBJECT_REQUEST, Instant.now()));
        awaitAllApplied();

        HttpResponse<String> response = get("/api/customers/stats");
        JsonNode stats = JSON.readTree(response.body());

        assertThat(stats.get("bySource").get(source).asLong()).as("c's source record went with the erasure").isEqualTo(2);
        assertThat(stats.get("byConsent").get(purpose).get("GRANTED").asLong()).isEqualTo(1);
        assertThat(stats.get("byConsent").get(purpose).get("WITHDRAWN").asLong()).isEqualTo(1);
        // three registered, one erased, and the marker customer of awaitAllApplied
        assertThat(stats.get("byStatus").get("ACTIVE").asLong() - before.get("byStatus").get("ACTIVE").asLong()).isEqualTo(3);
        assertThat(stats.get("byStatus").get("ERASED").asLong() - before.get("byStatus").get("ERASED").asLong()).isEqualTo(1);
        assertThat(stats.get("byStatus").get("RESTRICTED").asLong() - before.get("byStatus").get("RESTRICTED").asLong())
                .isEqualTo(1);
        assertThat(response.body()).doesNotContain("Stat Person", "@example.org", "ref-");
    }

    @Test
    void aRestrictedCustomerIsForbiddenAndLeftOutOfSearchesUntilTheRestrictionIsLifted() throws Exception {
        String id = UUID.randomUUID().toString();
        String email = "restricted-" + id + "@example.org";
        publish(id, registered(id, "webshop", "w-" + id, "Rita Restricted", email, null));
        publish(id, new ProcessingRestricted(id, "accuracy contested"));

        HttpResponse<String> forbidden = await().atMost(Duration.ofSeconds(30))
                .until(() -> get("/api/customers/" + id), r -> r.statusCode() == 403);
        assertThat(JSON.readTree(forbidden.body()).get("code").asText()).isEqualTo("PROCESSING_RESTRICTED");
        assertThat(forbidden.body()).doesNotContain("Rita");
        assertThat(JSON.readTree(post(SEARCH, "{\"email\": \"" + email + "\"}").body()).get("totalItems").asLong()).isZero();

        publish(id, new ProcessingRestrictionLifted(id));
        awaitStatus(id, 200);
        assertThat(JSON.readTree(post(SEARCH, "{\"email\": \"" + email + "\"}").body()).get("totalItems").asLong()).isEqualTo(1);
    }

    @Test
    void everyReadOfAPersonsDataIsWrittenToTheAccessLog() throws Exception {
        String id = UUID.randomUUID().toString();
        String email = "logged-" + id + "@example.org";
        publish(id, registered(id, "webshop", "w-" + id, "Lena Logged", email, null));
        awaitStatus(id, 200); // one read while waiting, at least

        long afterWaiting = accessCount(id, "GET /api/customers/{customerId}");
        get("/api/customers/" + id);
        post(SEARCH, "{\"email\": \"" + email + "\"}");
        post(SEARCH, "{\"email\": \"nobody-" + id + "@example.org\"}");

        assertThat(accessCount(id, "GET /api/customers/{customerId}")).isEqualTo(afterWaiting + 1);
        assertThat(accessCount(id, "POST /api/customers/search")).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT DISTINCT principal FROM audit.access_log WHERE customer_id = ?",
                String.class, id)).as("the subject of the test's token").containsExactly("test-analyst");
        get("/api/customers/stats");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit.access_log WHERE customer_id = ?", Long.class, id))
                .as("counts carry no personal data and are not a read of anyone's").isEqualTo(afterWaiting + 2);
    }

    private long accessCount(String customerId, String endpoint) {
        return jdbc.queryForObject("SELECT count(*) FROM audit.access_log WHERE customer_id = ? AND endpoint = ?",
                Long.class, customerId, endpoint);
    }

    @Test
    void anUnknownCustomerIsNotFoundWithAJsonBody() throws Exception {
        HttpResponse<String> response = get("/api/customers/" + UUID.randomUUID());

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("code").asText()).isEqualTo("CUSTOMER_NOT_FOUND");
        assertThat(body.get("message").asText()).isNotBlank();
    }

    @ParameterizedTest(name = "{0} -> {1} on {2}")
    @CsvSource(delimiter = '|', value = {
        "{\"emial\": \"x@example.org\"}                 | UNKNOWN_FIELD  | emial",
        "{\"email\": 42}                                | INVALID_TYPE   | email",
        "{\"email\": \"secret-not-an-email\"}           | INVALID_EMAIL  | email",
        "{\"phone\": \"030 1234567\"}                   | INVALID_PHONE  | phone",
        "{\"phone\": \"\"}                              | BLANK_FIELD    | phone",
        "{\"source\": \"crm\"}                          | MISSING_FIELD  | sourceCustomerId",
        "{\"sourceCustomerId\": \"c-1\"}                | MISSING_FIELD  | source",
        "{\"consentStatus\": \"GRANTED\"}               | MISSING_FIELD  | consentPurpose",
        "{\"consentPurpose\": \"m\", \"consentStatus\": \"MAYBE\"} | INVALID_VALUE | consentStatus",
        "{\"status\": \"ERASED\"}                       | INVALID_VALUE  | status",
        "{\"size\": 0}                                  | OUT_OF_RANGE   | size",
        "{\"size\": 101}                                | OUT_OF_RANGE   | size",
        "{\"size\": 2.5}                                | INVALID_TYPE   | size",
        "{\"page\": -1}                                 | OUT_OF_RANGE   | page",
        "{\"page\": \"1\"}                              | INVALID_TYPE   | page",
        "{\"sort\": \"name,asc\"}                       | INVALID_SORT   | sort",
        "{\"sort\": \"createdAt,sideways\"}             | INVALID_SORT   | sort",
    })
    void badSearchInputIsRefusedNamingTheFieldAndNeverEchoingTheValue(String body, String code, String field)
            throws Exception {
        HttpResponse<String> response = post(SEARCH, body);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("field").asText()).isEqualTo(field);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("secret-not-an-email", "030 1234567", "sideways");
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsRefused() throws Exception {
        for (String body : List.of("not json", "[1, 2]", "")) {
            HttpResponse<String> response = post(SEARCH, body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).get("code").asText()).isEqualTo("MALFORMED_BODY");
        }
    }

    @Test
    void theOpenApiDescriptionListsTheEndpoints() throws Exception {
        HttpResponse<String> response = get("/v3/api-docs");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode paths = JSON.readTree(response.body()).get("paths");
        assertThat(paths.has("/api/customers/{customerId}")).isTrue();
        assertThat(paths.get("/api/customers/search").has("post")).isTrue();
        assertThat(paths.has("/api/customers/stats")).isTrue();
        assertThat(paths.get("/api/operations/projections/{name}/rebuild").has("post")).isTrue();
    }

    /** The ids of a result page's golden records (not those nested in their source records). */
    private static List<String> ids(JsonNode page) {
        return StreamSupport.stream(page.get("items").spliterator(), false)
                .map(item -> item.get("customerId").asText()).toList();
    }

    private static String digits(String id) {
        return String.valueOf(Math.abs((long) id.hashCode()) % 9_000_000 + 1_000_000);
    }
}
