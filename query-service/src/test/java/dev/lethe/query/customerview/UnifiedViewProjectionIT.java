package dev.lethe.query.customerview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.contract.Personal;
import dev.lethe.contract.consent.ConsentGranted;
import dev.lethe.contract.consent.ConsentWithdrawn;
import dev.lethe.contract.customer.ContactDetailsChanged;
import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.ErasureReason;
import dev.lethe.contract.customer.PostalAddress;
import dev.lethe.contract.identity.CustomerMergedInto;
import dev.lethe.contract.identity.CustomerUnmerged;
import dev.lethe.contract.identity.CustomersMerged;
import dev.lethe.contract.identity.CustomersUnmerged;
import dev.lethe.contract.identity.SourceRecordLinked;
import dev.lethe.localstack.TestInfrastructure;
import dev.lethe.localstack.evidence.DatabaseDump;
import dev.lethe.localstack.evidence.PlaintextScan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Golden records over registrations, linked source records, rectifications and merges. */
class UnifiedViewProjectionIT extends CustomerViewTestBase {

    private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");

    @Test
    void aRegistrationAndTwoLinkedSourceRecordsFormOneGoldenRecordWithDocumentedSurvivorship() throws Exception {
        String id = UUID.randomUUID().toString();
        publish(id, registered(id, "webshop", "w-1", "Erika Mustermann", "erika@example.org", "+49 30 1111111"), T0);
        // verified: the person corrected her name an hour later
        publish(id, new ContactDetailsChanged(id, "order-fulfilment", Personal.of("Erika M. Mustermann"), null, null,
                null, null), T0.plusSeconds(3600));
        // unverified, but later than both: a CRM sends another name, another email and an address
        publish(id, linked(id, "crm", "crm-77", "E. Mustermann", "erika.crm@example.org", null,
                new PostalAddress("Nebenweg 2", "20095", "Hamburg", "DE")), T0.plusSeconds(7200));
        // unverified, with an older timestamp than the CRM link although it arrives later: it loses on email
        publish(id, linked(id, "newsletter", "n-9", null, "erika.old@example.org", "+49 40 2222222", null),
                T0.plusSeconds(5400));

        JsonNode view = await().atMost(Duration.ofSeconds(30)).until(() -> customer(id),
                node -> node.path("sourceRecords").size() == 3);

        assertThat(view.get("name").asText()).as("a verified value beats a later unverified one")
                .isEqualTo("Erika M. Mustermann");
        assertThat(view.get("email").asText()).as("without a verified value the most recent unverified one wins")
                .isEqualTo("erika.crm@example.org");
        assertThat(view.get("phone").asText()).as("the newsletter's phone is newer than the registration's")
                .isEqualTo("+49 40 2222222");
        assertThat(view.get("postalAddress").get("city").asText()).isEqualTo("Hamburg");
        assertThat(view.get("sourceRecords").findValuesAsText("source")).as("in order of linking time")
                .containsExactly("webshop", "newsletter", "crm");
        assertThat(view.get("createdAt").asText()).isEqualTo(T0.toString());
        assertThat(view.get("updatedAt").asText()).isEqualTo(T0.plusSeconds(5400).toString());

        // a later rectification of the email beats every unverified value
        publish(id, new ContactDetailsChanged(id, "order-fulfilment", null, Personal.of("erika@example.org"), null,
                null, null), T0.plusSeconds(9000));
        JsonNode rectified = await().atMost(Duration.ofSeconds(30)).until(() -> customer(id),
                node -> "erika@example.org".equals(node.path("email").asText()));
        assertThat(rectified.get("name").asText()).isEqualTo("Erika M. Mustermann");
    }

    @Test
    void aMergeShowsBothCustomersAsOneAndAnUnmergeRestoresBothExactly() throws Exception {
        String survivor = UUID.randomUUID().toString();
        String member = UUID.randomUUID().toString();
        publish(survivor, registered(survivor, "webshop", "w-2", "Max Muster", "max@example.org", null), T0);
        publish(survivor, new ConsentGranted(survivor, "marketing", "web", "v1", T0.plusSeconds(10)), T0.plusSeconds(10));
        publish(member, registered(member, "crm", "crm-3", "Maximilian Muster", null, "+49 89 3333333"),
                T0.plusSeconds(20));
        publish(member, new ConsentWithdrawn(member, "marketing", "phone", T0.plusSeconds(30)), T0.plusSeconds(30));
        publish(member, new ConsentGranted(member, "profiling", "phone", "v2", T0.plusSeconds(40)), T0.plusSeconds(40));
        awaitAllApplied();
        JsonNode survivorBefore = customer(survivor);
        JsonNode memberBefore = customer(member);

        publish(survivor, new CustomersMerged(survivor, member, List.of("profiling")), T0.plusSeconds(100));
        publish(member, new CustomerMergedInto(member, survivor), T0.plusSeconds(100));
        JsonNode merged = await().atMost(Duration.ofSeconds(30)).until(() -> customer(survivor),
                node -> node.has("mergedCustomerIds"));

        assertThat(merged.get("mergedCustomerIds").get(0).asText()).isEqualTo(member);
        assertThat(merged.get("name").asText()).as("the member's registration is the later unverified name")
                .isEqualTo("Maximilian Muster");
        assertThat(merged.get("email").asText()).isEqualTo("max@example.org");
        assertThat(merged.get("phone").asText()).isEqualTo("+49 89 3333333");
        assertThat(merged.get("sourceRecords").findValuesAsText("source")).containsExactly("webshop", "crm");
        assertThat(merged.get("consents").findValuesAsText("purpose")).containsExactly("marketing", "profiling");
        assertThat(merged.get("consents").get(0).get("granted").asBoolean())
                .as("per purpose the latest change of all merged customers").isFalse();
        JsonNode memberMerged = customer(member);
        assertThat(memberMerged.get("status").asText()).isEqualTo("MERGED");
        assertThat(memberMerged.get("mergedInto").asText()).isEqualTo(survivor);
        assertThat(memberMerged.get("name").asText()).as("a merged customer shows its own data").isEqualTo("Maximilian Muster");
        assertThat(memberMerged.has("email")).isFalse();

        publish(survivor, new CustomersUnmerged(survivor, member), T0.plusSeconds(200));
        publish(member, new CustomerUnmerged(member, survivor), T0.plusSeconds(200));
        awaitAllApplied();

        assertThat(withoutUpdateTime(customer(survivor))).isEqualTo(withoutUpdateTime(survivorBefore));
        assertThat(withoutUpdateTime(customer(member))).isEqualTo(withoutUpdateTime(memberBefore));
        assertThat(customer(survivor).get("updatedAt").asText()).isEqualTo(T0.plusSeconds(200).toString());
    }

    @Test
    void erasingASurvivorAndItsMemberLeavesNothingButTwoTombstones() throws Exception {
        String survivor = UUID.randomUUID().toString();
        String member = UUID.randomUUID().toString();
        String canaryName = "Zerlina Quirinus-" + survivor.substring(0, 6);
        String canaryEmail = "zerlina." + member.substring(0, 6) + "@example.org";
        publish(survivor, registered(survivor, "webshop", "w-" + survivor, canaryName, "z1@example.org", null));
        publish(survivor, new ConsentGranted(survivor, "marketing", "web", "v1", Instant.now()));
        publish(member, registered(member, "crm", "crm-" + member, "Zerlina Q.", canaryEmail, "+49 30 4444444"));
        publish(member, linked(member, "newsletter", "n-" + member, null, canaryEmail, null, null));
        publish(survivor, new CustomersMerged(survivor, member, List.of()));
        publish(member, new CustomerMergedInto(member, survivor));
        await().atMost(Duration.ofSeconds(30)).until(() -> customer(survivor).has("mergedCustomerIds"));
        assertThat(rowsOf(member)).isPositive();

        for (String id : List.of(member, survivor)) {
            destroyKey(id);
            publish(id, new CustomerErased(id, ErasureReason.DATA_SUBJECT_REQUEST, Instant.parse("2026-11-29T09:00:00Z")));
        }

        assertThat(awaitStatus(survivor, 410).get("status").asText()).isEqualTo("ERASED");
        assertThat(awaitStatus(member, 410).get("reason").asText()).isEqualTo("DATA_SUBJECT_REQUEST");
        assertThat(rowsOf(survivor)).isZero();
        assertThat(rowsOf(member)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM query.customer_tombstone WHERE customer_id IN (?, ?)",
                Long.class, survivor, member)).isEqualTo(2);
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        String dump = DatabaseDump.of(DATABASE_URL, infrastructure.username(), infrastructure.password());
        for (String canary : List.of(canaryName, canaryEmail, "crm-" + member, "w-" + survivor)) {
            assertThat(PlaintextScan.formsFound(dump, canary)).as("traces of erased data in the dump").isEmpty();
        }
    }

    @Test
    void aDuplicateDeliveryChangesNothing() throws Exception {
        String id = UUID.randomUUID().toString();
        publish(id, registered(id, "webshop", "w-4", "Otto Normal", "otto@example.org", null), T0);
        Sent link = publish(id, linked(id, "crm", "crm-4", "O. Normal", "otto@crm.example.org", null, null),
                T0.plusSeconds(60));
        publish(id, new ContactDetailsChanged(id, "order-fulfilment", Personal.of("Otto Normal-Verbraucher"), null,
                null, null, null), T0.plusSeconds(120));
        awaitAllApplied();
        String before = rawViewTables();

        // the link delivered again after a crash, with its original sequences: the projection must skip it
        resend(link);
        awaitAllApplied();

        // as stored, byte for byte: not even re-encrypted
        String after = rawViewTables();
        assertThat(withoutMarkers(after)).isEqualTo(withoutMarkers(before));
        assertThat(customer(id).get("sourceRecords")).hasSize(2);
    }

    private static SourceRecordLinked linked(String id, String source, String reference, String name, String email,
                                             String phone, PostalAddress address) {
        return new SourceRecordLinked(id, source, Personal.of(reference), "order-fulfilment", Personal.ofNullable(name),
                Personal.ofNullable(email), Personal.ofNullable(phone), Personal.ofNullable(address), null);
    }

    private static JsonNode withoutUpdateTime(JsonNode view) {
        ObjectNode copy = view.deepCopy();
        copy.remove("updatedAt");
        return copy;
    }

    /** The dump without the rows of the marker customers {@link #awaitAllApplied()} registers. */
    private String withoutMarkers(String dump) {
        List<String> markers = jdbc.queryForList(
                "SELECT customer_id FROM query.customer_source_record WHERE source = 'marker'", String.class);
        String result = dump;
        for (String marker : markers) {
            result = result.replaceAll("(?m)^.*" + marker + ".*$\\n?", "");
        }
        return result;
    }
}
