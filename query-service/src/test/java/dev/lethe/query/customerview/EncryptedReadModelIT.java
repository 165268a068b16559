package dev.lethe.query.customerview;

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
import dev.lethe.contract.identity.SourceRecordLinked;
import dev.lethe.localstack.TestInfrastructure;
import dev.lethe.localstack.evidence.DatabaseDump;
import dev.lethe.localstack.evidence.PlaintextScan;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The read model holds no personal value in clear: every personal column is encrypted under the person's own key,
 * while the API answers the values, searches match through the blind index and erasure leaves nothing readable.
 */
class EncryptedReadModelIT extends CustomerViewTestBase {

    private static final Instant T0 = Instant.parse("2026-10-01T08:00:00Z");

    /** One person's unique values, sent from two sources, rectified and consented. */
    private record Canaries(String id, String name, String rectifiedName, String email, String linkedEmail,
                            String phone, String street, String city, String webshopRef, String crmRef,
                            String channel, String textVersion, LocalDate birthDate) {

        static Canaries fresh() {
            String tag = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
            int digits = ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
            return new Canaries(UUID.randomUUID().toString(), "Canary Namen" + tag, "Canary Rectified" + tag,
                    "canary." + tag + "@example.org", "canary.linked." + tag + "@example.org", "+49 30 " + digits,
                    "Canarystrasse " + tag, "Canaryburg" + tag, "w-canary-" + tag, "crm-canary-" + tag,
                    "channel-" + tag, "consent-text-" + tag, LocalDate.of(1901, 2, 3));
        }

        /** The values the event contract marks personal, encrypted in every event. */
        List<String> personal() {
            return List.of(name, rectifiedName, email, linkedEmail, phone, street, city, webshopRef, crmRef,
                    birthDate.toString());
        }

        /** Personal values and the consent's free text, which the events carry in clear but the view does not. */
        List<String> values() {
            return Stream.concat(personal().stream(), Stream.of(channel, textVersion)).toList();
        }
    }

    @Test
    void noQueryTableHoldsAPersonalValueInClearWhileTheApiAnswersIt() throws Exception {
        Canaries canary = Canaries.fresh();
        registerLinkRectifyConsent(canary);

        JsonNode view = awaitProjected(canary);
        assertThat(view.get("name").asText()).isEqualTo(canary.rectifiedName());
        assertThat(view.get("email").asText()).isIn(canary.email(), canary.linkedEmail());
        assertThat(view.get("phone").asText()).isEqualTo(canary.phone());
        assertThat(view.get("postalAddress").get("street").asText()).isEqualTo(canary.street());
        assertThat(view.get("postalAddress").get("city").asText()).isEqualTo(canary.city());
        assertThat(view.get("birthDate").asText()).isEqualTo(canary.birthDate().toString());
        assertThat(view.get("sourceRecords").findValuesAsText("sourceCustomerId"))
                .containsExactly(canary.webshopRef(), canary.crmRef());
        assertThat(view.get("consents").get(0).get("channel").asText()).isEqualTo(canary.channel());
        assertThat(view.get("consents").get(0).get("consentTextVersion").asText()).isEqualTo(canary.textVersion());

        String tables = everyQueryTableAsText();
        // positive control: the person's rows are in what was scanned, and the scan finds a value written in clear
        assertThat(tables).contains(canary.id());
        assertThat(PlaintextScan.formsFound(tables + "\n" + canary.email(), canary.email())).contains("plain");
        for (String value : canary.values()) {
            assertThat(PlaintextScan.formsFound(tables, value)).as("forms of %s in schema query", value).isEmpty();
        }
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        String dump = DatabaseDump.of(DATABASE_URL, infrastructure.username(), infrastructure.password());
        assertThat(dump).contains(canary.id());
        // the whole database, audit trail and key vault included (the audit trail's copies of the events hold the
        // consent's free text as the event contract has it, in clear)
        for (String value : canary.personal()) {
            assertThat(PlaintextScan.formsFound(dump, value)).as("forms of %s in a pg_dump", value).isEmpty();
        }
    }

    @Test
    void searchesMatchThroughTheBlindIndexAndTheStatsStillCount() throws Exception {
        Canaries canary = Canaries.fresh();
        registerLinkRectifyConsent(canary);
        awaitProjected(canary);

        for (String body : List.of("{\"email\":\"" + canary.linkedEmail().toUpperCase() + "\"}",
                "{\"phone\":\"" + canary.phone().replace(" ", "") + "\"}",
                "{\"source\":\"crm\",\"sourceCustomerId\":\"" + canary.crmRef() + "\"}")) {
            JsonNode found = JSON.readTree(post("/api/customers/search", body).body());
            assertThat(found.get("items")).as(body).hasSize(1);
            assertThat(found.get("items").get(0).get("customerId").asText()).isEqualTo(canary.id());
            assertThat(found.get("items").get(0).get("name").asText()).isEqualTo(canary.rectifiedName());
        }
        JsonNode stats = JSON.readTree(get("/api/customers/stats").body());
        assertThat(stats.get("bySource").get("crm").asLong()).isPositive();
        assertThat(stats.get("byConsent").get("marketing").get("GRANTED").asLong()).isPositive();
    }

    @Test
    void aValueMovedToAnotherPersonRowOrFieldIsRefusedNeverShown() throws Exception {
        Canaries erika = Canaries.fresh();
        Canaries otto = Canaries.fresh();
        registerLinkRectifyConsent(erika);
        registerLinkRectifyConsent(otto);
        awaitProjected(erika);
        awaitProjected(otto);
        String select = "SELECT value FROM query.customer_field WHERE customer_id = ? AND field = ? AND verified = ?";
        byte[] erikasName = jdbc.queryForObject(select, byte[].class, erika.id(), "NAME", false);
        byte[] erikasEmail = jdbc.queryForObject(select, byte[].class, erika.id(), "EMAIL", false);
        byte[] erikasRectifiedName = jdbc.queryForObject(select, byte[].class, erika.id(), "NAME", true);
        byte[] ottosRectifiedName = jdbc.queryForObject(select, byte[].class, otto.id(), "NAME", true);
        // the rectified (verified) name is the one the golden record shows
        String setRectifiedName = "UPDATE query.customer_field SET value = ? WHERE customer_id = ? AND field = 'NAME' "
                + "AND verified";
        try {
            for (var swap : List.of(
                    Map.entry(otto.id(), erikasName),      // another person's value
                    Map.entry(erika.id(), erikasEmail),    // the person's own value of another field
                    Map.entry(erika.id(), erikasName))) {  // the person's own value of the same field, another row
                jdbc.update(setRectifiedName, swap.getValue(), swap.getKey());

                HttpResponse<String> answer = get("/api/customers/" + swap.getKey());

                assertThat(answer.statusCode()).isEqualTo(500);
                assertThat(JSON.readTree(answer.body()).get("code").asText()).isEqualTo("VIEW_NOT_AUTHENTIC");
                assertThat(answer.body()).doesNotContain(erika.name()).doesNotContain(erika.email());
            }
        } finally {
            jdbc.update(setRectifiedName, erikasRectifiedName, erika.id());
            jdbc.update(setRectifiedName, ottosRectifiedName, otto.id());
        }
        assertThat(customer(erika.id()).get("name").asText()).isEqualTo(erika.rectifiedName());
        assertThat(customer(otto.id()).get("name").asText()).isEqualTo(otto.rectifiedName());
    }

    @Test
    void erasureDeletesTheRowsAndTheKeyThatWouldReadAnyLeftoverCopy() throws Exception {
        Canaries canary = Canaries.fresh();
        registerLinkRectifyConsent(canary);
        awaitProjected(canary);
        List<byte[]> leftovers = jdbc.queryForList("SELECT value FROM query.customer_field WHERE customer_id = ? "
                + "AND field = 'EMAIL' AND NOT verified", byte[].class, canary.id());
        assertThat(viewCipher.keysFor(canary.id()).open(canary.id(), EncryptedColumn.FIELD_VALUE, leftovers.get(0),
                "EMAIL", "false")).isIn(canary.email(), canary.linkedEmail());

        destroyKey(canary.id());
        publish(canary.id(), new CustomerErased(canary.id(), ErasureReason.DATA_SUBJECT_REQUEST, T0.plusSeconds(600)),
                T0.plusSeconds(600));

        JsonNode tombstone = awaitStatus(canary.id(), 410);
        assertThat(tombstone.get("status").asText()).isEqualTo("ERASED");
        assertThat(tombstone.get("reason").asText()).isEqualTo("DATA_SUBJECT_REQUEST");
        assertThat(rowsOf(canary.id())).isZero();
        // a copy of the row left in a dead tuple, the WAL or a backup: its key is gone, so is its content
        assertThat(keyVault.existingDataKey(canary.id())).isEmpty();
        assertThat(viewCipher.keysFor(canary.id()).open(canary.id(), EncryptedColumn.FIELD_VALUE, leftovers.get(0),
                "EMAIL", "false")).isNull();
    }

    private void registerLinkRectifyConsent(Canaries c) {
        publish(c.id(), new CustomerRegistered(c.id(), "webshop", Personal.of(c.webshopRef()), "order-fulfilment",
                Personal.of(c.name()), Personal.of(c.email()), Personal.of(c.phone()),
                Personal.of(new PostalAddress(c.street(), "10115", c.city(), "DE")), Personal.of(c.birthDate())), T0);
        publish(c.id(), new SourceRecordLinked(c.id(), "crm", Personal.of(c.crmRef()), "support", Personal.of(c.name()),
                Personal.of(c.linkedEmail()), null, null, null), T0.plusSeconds(60));
        publish(c.id(), new ContactDetailsChanged(c.id(), "order-fulfilment", Personal.of(c.rectifiedName()), null, null,
                null, null), T0.plusSeconds(120));
        publish(c.id(), new ConsentGranted(c.id(), "marketing", c.channel(), c.textVersion(), T0.plusSeconds(180)),
                T0.plusSeconds(180));
    }

    /**
     * The view once the last of {@link #registerLinkRectifyConsent}'s events is applied (a customer's events apply in
     * order): the view answers 200 from the first one on, which may come in an earlier poll than the rest.
     */
    private JsonNode awaitProjected(Canaries c) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> customer(c.id()),
                view -> view.path("consents").size() == 1);
    }

    /** Every row of every table in schema query, as PostgreSQL renders it as text (bytea as hex). */
    private String everyQueryTableAsText() {
        List<String> tables = jdbc.queryForList("SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = 'query' AND table_type = 'BASE TABLE' ORDER BY table_name", String.class);
        assertThat(tables).contains("customer_view", "customer_field", "customer_source_record", "customer_consent",
                "customer_blind_index", "customer_tombstone");
        return tables.stream().map(table -> table + ":\n" + String.join("\n", jdbc.queryForList(
                "SELECT t::text FROM query.\"" + table + "\" t", String.class))).collect(Collectors.joining("\n"));
    }
}
