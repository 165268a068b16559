package dev.lethe.query.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.contract.Personal;
import dev.lethe.contract.customer.ContactDetailsChanged;
import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.contract.customer.ErasureReason;
import dev.lethe.query.support.AuditIntegrationTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The data-key cache never outlives an erasure: with a one-hour TTL, once the query service has seen
 * {@code CustomerErased}, every path that decrypts reports the person erased at once. The erasure is made by
 * another key vault (the command service's) without its notification, so this one learns of it only through the
 * event.
 */
class ErasedKeyCacheIT extends AuditIntegrationTest {

    @Test
    void onceTheErasureIsAuditedNoPathDecryptsWithTheCachedKey() throws Exception {
        String id = UUID.randomUUID().toString();
        String tag = id.substring(0, 8);
        String name = "Ida Cache " + tag;
        String email = "ida." + tag + "@example.org";
        String rectified = "ida.new." + tag + "@example.org";
        String reference = "ref-" + tag;
        Instant registered = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60);
        publish(id, new CustomerRegistered(id, "webshop", Personal.of(reference), "order-fulfilment",
                Personal.of(name), Personal.of(email), null, null, null), registered);
        awaitAudited(publish(id, new ContactDetailsChanged(id, "order-fulfilment", null, Personal.of(rectified), null,
                null, null), registered.plusSeconds(1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/customers/" + id).statusCode() == 200);
        // every path that decrypts, so that this JVM caches the key
        assertThat(historyOf(id).get(0).get("details").get("name").asText()).isEqualTo(name);
        assertThat(getJson(state(id, registered)).get("email").asText()).isEqualTo(email);
        assertThat(get(export(id)).body()).contains(rectified);

        // without the vault's notification, which would reach this JVM first (ErasureReachesEveryInstanceIT): this
        // test is about the second path, the erasure event
        destroyKeyUnannounced(id);
        // positive control: the vault no longer has the key, yet this JVM still serves it from its cache
        assertThat(historyOf(id).get(0).get("personalData").asText()).isEqualTo("DECRYPTED");

        awaitAudited(publish(id, new CustomerErased(id, ErasureReason.DATA_SUBJECT_REQUEST, Instant.now())));

        // no waiting from here on: the erasure is in the trail, so no read may use the key any more
        JsonNode history = historyOf(id);
        assertThat(history.get(0).get("personalData").asText()).isEqualTo("ERASED");
        assertThat(history.get(1).get("personalData").asText()).isEqualTo("ERASED");
        assertThat(getJson(state(id, registered)).get("email").get("lethe:erased").asBoolean()).isTrue();
        for (String body : List.of(history.toString(), get(state(id, registered.plusSeconds(1))).body(),
                get(export(id)).body())) {
            assertThat(body).doesNotContain(name, email, rectified, reference);
        }
        HttpResponse<String> view = await().atMost(Duration.ofSeconds(30))
                .until(() -> get("/api/customers/" + id), response -> response.statusCode() == 410);
        assertThat(view.body()).doesNotContain(name, email, rectified, reference);
    }

    private JsonNode historyOf(String id) {
        return getJson("/api/compliance/customers/" + id + "/history");
    }

    private static String state(String id, Instant asOf) {
        return "/api/compliance/customers/" + id + "/state?asOf=" + asOf;
    }

    private static String export(String id) {
        return "/api/compliance/customers/" + id + "/export";
    }
}
