package dev.lethe.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.JsonPath;
import dev.lethe.localstack.evidence.PlaintextScan;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 4 end to end, both services as the run command starts them: one person known to three source
 * systems becomes one customer; a steward's merge can be undone exactly; erasing a survivor erases everyone
 * merged into it.
 */
class UnifiedCustomerViewEndToEndIT extends RunningPlatform {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void threeSourcesRegisteringOnePersonDifferentlyFormattedEndAsOneCustomerWithThreeSourceRecords() throws Exception {
        String unique = unique();
        String digits = digits(unique);
        String crm = driver.accept("crm:" + unique, "RegisterCustomer", "crm", "lead",
                "{\"sourceCustomerId\":\"crm-%s\",\"name\":\"Erika Mustermann\",\"email\":\" Erika.%s@Example.ORG \"}"
                        .formatted(unique, unique));
        String webshop = driver.accept("webshop:" + unique, "RegisterCustomer", "webshop", "order-fulfilment",
                "{\"sourceCustomerId\":\"shop-%s\",\"email\":\"erika.%s@example.org\",\"phone\":\"+49 30 %s\"}"
                        .formatted(unique, unique, digits));
        // only the phone, formatted another way, links this one
        String support = driver.accept("support:" + unique, "RegisterCustomer", "support", "customer-service",
                "{\"sourceCustomerId\":\"sup-%s\",\"name\":\"E. Mustermann\",\"phone\":\"0049-30-%s\"}"
                        .formatted(unique, digits));

        String customerId = JsonPath.read(crm, "$.customerId");
        assertThat(List.<String>of(JsonPath.read(webshop, "$.customerId"), JsonPath.read(support, "$.customerId")))
                .containsOnly(customerId);
        String view = driver.awaitCustomer(customerId, json -> JsonPath.<List<?>>read(json, "$.sourceRecords").size() == 3);
        assertThat(JsonPath.<List<String>>read(view, "$.sourceRecords[*].source"))
                .containsExactlyInAnyOrder("crm", "webshop", "support");
        assertThat(JsonPath.<List<String>>read(view, "$.sourceRecords[*].sourceCustomerId"))
                .containsExactlyInAnyOrder("crm-" + unique, "shop-" + unique, "sup-" + unique);
        assertThat((String) JsonPath.read(view, "$.phone")).isEqualTo("+4930" + digits);

        // an analyst finds the person by any formatting of either identifier, never putting it in a URL
        for (String criteria : List.of("{\"email\":\"ERIKA.%s@example.org\"}".formatted(unique),
                "{\"phone\":\"+49 (30) %s\"}".formatted(digits))) {
            var found = driver.post("/api/customers/search", criteria);
            assertThat(found.statusCode()).as(criteria).isEqualTo(200);
            assertThat(JsonPath.<List<String>>read(found.body(), "$.items[*].customerId")).containsExactly(customerId);
        }
    }

    @Test
    void aMergeFollowedByAnUnmergeRestoresBothCustomersExactly() throws Exception {
        String unique = unique();
        String first = JsonPath.read(driver.accept("crm:a-" + unique, "RegisterCustomer", "crm", "lead",
                "{\"sourceCustomerId\":\"a-%s\",\"name\":\"Anna Schmidt\",\"email\":\"anna.%s@example.org\"}"
                        .formatted(unique, unique)), "$.customerId");
        String second = JsonPath.read(driver.accept("webshop:b-" + unique, "RegisterCustomer", "webshop",
                "order-fulfilment", "{\"sourceCustomerId\":\"b-%s\",\"name\":\"A. Schmidt\",\"email\":\"a.schmidt.%s@example.org\"}"
                        .formatted(unique, unique)), "$.customerId");
        assertThat(second).isNotEqualTo(first);
        JsonNode firstBefore = withoutUpdatedAt(driver.awaitCustomer(first, "Anna Schmidt"));
        JsonNode secondBefore = withoutUpdatedAt(driver.awaitCustomer(second, "A. Schmidt"));

        driver.accept("crm:" + first, "MergeCustomers", "crm", "customer-service",
                "{\"survivorId\":\"%s\",\"mergedCustomerId\":\"%s\"}".formatted(first, second));
        String merged = driver.awaitCustomer(first, json -> JsonPath.<List<?>>read(json, "$.sourceRecords").size() == 2);
        assertThat(JsonPath.<List<String>>read(merged, "$.sourceRecords[*].sourceCustomerId"))
                .containsExactlyInAnyOrder("a-" + unique, "b-" + unique);
        String member = driver.awaitCustomer(second, "\"MERGED\"");
        assertThat((String) JsonPath.read(member, "$.mergedInto")).isEqualTo(first);
        // the merged person's own source reference now reaches the survivor
        String routed = driver.accept("webshop:b-" + unique, "GrantConsent", "webshop", "marketing",
                "{\"sourceCustomerId\":\"b-%s\",\"channel\":\"web\",\"consentTextVersion\":\"v1\"}".formatted(unique));
        assertThat((String) JsonPath.read(routed, "$.customerId")).isEqualTo(first);
        driver.accept("webshop:b-" + unique, "WithdrawConsent", "webshop", "marketing",
                "{\"sourceCustomerId\":\"b-%s\",\"channel\":\"web\"}".formatted(unique));

        driver.accept("crm:" + first, "UnmergeCustomers", "crm", "customer-service",
                "{\"survivorId\":\"%s\",\"mergedCustomerId\":\"%s\"}".formatted(first, second));
        driver.awaitCustomer(second, "\"ACTIVE\"");

        String firstAfter = driver.awaitCustomer(first, json -> JsonPath.<List<?>>read(json, "$.sourceRecords").size() == 1);
        assertThat(withoutConsents(withoutUpdatedAt(firstAfter))).isEqualTo(withoutConsents(firstBefore));
        assertThat(withoutUpdatedAt(driver.awaitCustomer(second, "\"ACTIVE\""))).isEqualTo(secondBefore);
        String secondsOwn = driver.accept("webshop:b-" + unique, "UpdateContactDetails", "webshop", "order-fulfilment",
                "{\"sourceCustomerId\":\"b-%s\",\"name\":\"Anke Schmidt\"}".formatted(unique));
        assertThat((String) JsonPath.read(secondsOwn, "$.customerId")).isEqualTo(second);
    }

    @Test
    void erasingAMergedSurvivorErasesEveryoneMergedIntoIt() throws Exception {
        String unique = unique();
        List<String> canaries = List.of("Survivor " + unique, "survivor." + unique + "@example.org",
                "Merged " + unique, "merged." + unique + "@example.org", "sv-" + unique, "mg-" + unique);
        String survivor = JsonPath.read(driver.accept("crm:sv-" + unique, "RegisterCustomer", "crm", "lead",
                "{\"sourceCustomerId\":\"%s\",\"name\":\"%s\",\"email\":\"%s\"}"
                        .formatted(canaries.get(4), canaries.get(0), canaries.get(1))), "$.customerId");
        String merged = JsonPath.read(driver.accept("crm:mg-" + unique, "RegisterCustomer", "crm", "lead",
                "{\"sourceCustomerId\":\"%s\",\"name\":\"%s\",\"email\":\"%s\"}"
                        .formatted(canaries.get(5), canaries.get(2), canaries.get(3))), "$.customerId");
        driver.accept("crm:" + survivor, "MergeCustomers", "crm", "customer-service",
                "{\"survivorId\":\"%s\",\"mergedCustomerId\":\"%s\"}".formatted(survivor, merged));
        driver.awaitCustomer(merged, "\"MERGED\"");
        // positive control: the merged person's rows are in the dump (by id), their values only encrypted
        String before = driver.databaseDump();
        assertThat(PlaintextScan.formsFound(before, merged)).contains("plain");
        assertThat(PlaintextScan.formsFound(before, canaries.get(2))).isEmpty();

        driver.accept("crm:" + survivor, "EraseCustomer", "crm", "customer-service",
                "{\"customerId\":\"%s\",\"reason\":\"DATA_SUBJECT_REQUEST\"}".formatted(survivor));

        driver.awaitStatus(survivor, 410);
        driver.awaitStatus(merged, 410);
        String rejected = driver.submit("crm:mg-" + unique, "UpdateContactDetails", "crm", "lead",
                "{\"customerId\":\"%s\",\"name\":\"Back Again\"}".formatted(merged));
        assertThat((String) JsonPath.read(rejected, "$.code")).isEqualTo("CUSTOMER_ERASED");
        String dump = driver.databaseDump();
        String events = driver.topicDump("lethe.events");
        for (String value : canaries) {
            assertThat(PlaintextScan.formsFound(dump, value)).as("pg_dump: %s", value).isEmpty();
            assertThat(PlaintextScan.formsFound(events, value)).as("lethe.events: %s", value).isEmpty();
        }
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** Seven digits derived from the unique part, so each test run has its own phone number. */
    private static String digits(String unique) {
        return String.valueOf(1_000_000 + Math.floorMod(unique.hashCode(), 9_000_000));
    }

    private static JsonNode withoutUpdatedAt(String json) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(json);
        node.remove("updatedAt");
        return node;
    }

    /** Consent changes made on the survivor while merged stay with the survivor (documented). */
    private static JsonNode withoutConsents(JsonNode node) {
        ObjectNode copy = ((ObjectNode) node).deepCopy();
        copy.remove("consents");
        return copy;
    }
}
