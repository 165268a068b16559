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
import dev.lethe.contract.customer.ProcessingRestricted;
import dev.lethe.contract.hold.ErasureDeferred;
import dev.lethe.contract.hold.LegalHoldPlaced;
import dev.lethe.contract.hold.LegalHoldReleased;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The basics of the customer view: decryption, updates, idempotency, erasure and replay of an erased person. */
class CustomerViewProjectionIT extends CustomerViewTestBase {

    @Test
    void aRegisteredCustomerAppearsDecryptedInTheGoldenRecord() throws Exception {
        String id = UUID.randomUUID().toString();

        publish(id, erikaRegistered(id));

        JsonNode view = awaitStatus(id, 200);
        assertThat(view.get("name").asText()).isEqualTo("Erika Mustermann");
        assertThat(view.get("email").asText()).isEqualTo("erika@example.org");
        assertThat(view.get("postalAddress").get("city").asText()).isEqualTo("Berlin");
        assertThat(view.get("sourceRecords").get(0).get("source").asText()).isEqualTo("webshop");
        assertThat(view.get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void laterEventsUpdateTheRecordAndARedeliveredOldEventChangesNothing() throws Exception {
        String id = UUID.randomUUID().toString();
        Sent registration = publish(id, erikaRegistered(id));
        publish(id, new ContactDetailsChanged(id, "order-fulfilment", null, Personal.of("erika.m@example.org"), null, null, null));
        publish(id, new ConsentGranted(id, "marketing", "email", "v3", Instant.parse("2026-11-28T10:00:00Z")));
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/customers/" + id).body().contains("marketing"));

        // the same registration again, as after a publisher crash: the projection must skip it
        resend(registration);
        publish(id, new ContactDetailsChanged(id, "order-fulfilment", Personal.of("Erika M."), null, null, null, null));

        JsonNode view = await().atMost(Duration.ofSeconds(30)).until(() -> customer(id),
                node -> "Erika M.".equals(node.path("name").asText()));
        assertThat(view.get("email").asText()).isEqualTo("erika.m@example.org");
        assertThat(view.get("sourceRecords")).hasSize(1);
        assertThat(view.get("consents").get(0).get("granted").asBoolean()).isTrue();
    }

    @Test
    void legalHoldEventsReachTheAuditTrailAndTheViewKeepsUpdatingAfterThem() throws Exception {
        String id = UUID.randomUUID().toString();
        publish(id, erikaRegistered(id));
        Instant until = Instant.parse("2036-12-31T23:59:59Z");
        publish(id, new LegalHoldPlaced(id, until, "TAX_RETENTION"));
        publish(id, new ErasureDeferred(id, ErasureReason.DATA_SUBJECT_REQUEST, until, Instant.now()));
        publish(id, new LegalHoldReleased(id, Instant.now()));
        publish(id, new ContactDetailsChanged(id, "order-fulfilment", Personal.of("Erika Held"), null, null, null, null));

        JsonNode view = await().atMost(Duration.ofSeconds(30)).until(() -> customer(id),
                node -> "Erika Held".equals(node.path("name").asText()));
        assertThat(view.get("email").asText()).isEqualTo("erika@example.org");
        // the restriction that accompanies a deferred erasure hides the person from analysts
        publish(id, new ProcessingRestricted(id, "ERASURE_DEFERRED_LEGAL_HOLD"));
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/customers/" + id).body(),
                body -> body.contains("PROCESSING_RESTRICTED"));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
                "SELECT event_type FROM audit.entry WHERE customer_id = ? ORDER BY sequence", String.class, id),
                types -> types.containsAll(List.of(LegalHoldPlaced.class.getName(), ErasureDeferred.class.getName(),
                        LegalHoldReleased.class.getName())));
    }

    @Test
    void anErasedCustomerLeavesOnlyATombstone() throws Exception {
        String id = UUID.randomUUID().toString();
        publish(id, erikaRegistered(id));
        awaitStatus(id, 200);
        destroyKey(id);

        publish(id, new CustomerErased(id, ErasureReason.DATA_SUBJECT_REQUEST, Instant.parse("2026-11-29T09:00:00Z")));

        JsonNode tombstone = awaitStatus(id, 410);
        assertThat(tombstone.get("reason").asText()).isEqualTo("DATA_SUBJECT_REQUEST");
        assertThat(tombstone.has("name")).isFalse();
        assertThat(rowsOf(id)).isZero();
    }

    @Test
    void replayingAnErasedPersonsHistoryFromScratchReadsErasedFieldsAndEndsInTheTombstone() throws Exception {
        String id = UUID.randomUUID().toString();
        Sent registered = publish(id, erikaRegistered(id));
        awaitStatus(id, 200);
        destroyKey(id);
        Sent erased = publish(id, new CustomerErased(id, ErasureReason.DATA_SUBJECT_REQUEST,
                Instant.parse("2026-11-29T09:00:00Z")));
        awaitStatus(id, 410);

        // a rebuild: the read model starts empty and reads the same records again, now undecryptable
        jdbc.update("DELETE FROM query.customer_tombstone WHERE customer_id = ?", id);
        resend(registered);
        JsonNode replayed = awaitStatus(id, 200);
        assertThat(replayed.has("name")).as("an erased name reads as absent, not as data: %s", replayed).isFalse();
        assertThat(replayed.get("sourceRecords").get(0).hasNonNull("sourceCustomerId")).isFalse();
        resend(erased);

        JsonNode tombstone = awaitStatus(id, 410);
        assertThat(tombstone.get("reason").asText()).isEqualTo("DATA_SUBJECT_REQUEST");
        assertThat(rowsOf(id)).isZero();
    }

    @Test
    void anUnknownCustomerIsNotFound() throws Exception {
        HttpResponse<String> response = get("/api/customers/" + UUID.randomUUID());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).get("code").asText()).isEqualTo("CUSTOMER_NOT_FOUND");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    private static CustomerRegistered erikaRegistered(String id) {
        return registered(id, "webshop", "c-1042", "Erika Mustermann", "erika@example.org", "+49301234567");
    }
}
