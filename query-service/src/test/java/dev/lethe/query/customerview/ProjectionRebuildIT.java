package dev.lethe.query.customerview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.contract.Personal;
import dev.lethe.contract.consent.ConsentGranted;
import dev.lethe.contract.consent.ConsentWithdrawn;
import dev.lethe.contract.customer.ContactDetailsChanged;
import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.ErasureReason;
import dev.lethe.contract.customer.ProcessingRestricted;
import dev.lethe.contract.identity.CustomerMergedInto;
import dev.lethe.contract.identity.CustomerUnmerged;
import dev.lethe.contract.identity.CustomersMerged;
import dev.lethe.contract.identity.CustomersUnmerged;
import dev.lethe.contract.identity.SourceRecordLinked;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import dev.lethe.query.operations.PendingRebuilds;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A rebuild from offset zero yields exactly the tables the incremental build wrote; lag is exposed. */
class ProjectionRebuildIT extends CustomerViewTestBase {

    @Autowired
    PendingRebuilds pendingRebuilds;

    @Test
    void aRebuildFromTheFirstEventYieldsExactlyTheSameTables() throws Exception {
        variedHistory();
        awaitAllApplied();
        String incremental = dumpViewTables();
        String incrementalRaw = rawViewTables();
        assertThat(incremental).contains("decrypted:Anna Alt-Neu", "decrypted:crm-anna", "decrypted:web");
        // damage the view in ways only a real rebuild repairs: a row no event wrote and a changed value
        jdbc.update("INSERT INTO query.customer_tombstone (customer_id, erased_at, reason, last_global_sequence) "
                + "VALUES ('not-from-any-event', now(), 'DATA_SUBJECT_REQUEST', 1)");
        jdbc.update("UPDATE query.customer_field SET value = convert_to('tampered', 'UTF8') WHERE field = 'NAME'");
        assertThat(dumpViewTables()).isNotEqualTo(incremental).contains("NOT-AUTHENTIC");

        HttpResponse<String> accepted = post("/api/operations/projections/customer-view/rebuild", "");

        assertThat(accepted.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(dumpViewTables()).isEqualTo(incremental));
        // the same values, each encrypted afresh (a new nonce): not a copy of the old bytes
        assertThat(rawViewTables()).isNotEqualTo(incrementalRaw);
        JsonNode status = await().atMost(Duration.ofSeconds(30)).until(
                () -> projectionStatus("customer-view"), node -> node.get("lagEvents").asLong() == 0);
        assertThat(status.get("name").asText()).isEqualTo("customer-view");
        assertThat(status.get("running").asBoolean()).isTrue();
        assertThat(status.get("lagSeconds").asDouble()).isZero();
    }

    @Test
    void aViewEmptiedByTheEncryptionMigrationIsRebuiltByTheServiceItself() throws Exception {
        String id = UUID.randomUUID().toString();
        publish(id, registered(id, "webshop", "w-migrated", "Mira Migriert", "mira@example.org", "+49 30 5550009"));
        awaitAllApplied();
        String before = dumpViewTables();
        // what V12 does to a view built before it
        jdbc.update("INSERT INTO query.pending_rebuild (projection, reason, requested_at) "
                + "VALUES ('customer-view', 'ENCRYPTED_READ_MODEL', now())");
        jdbc.execute("TRUNCATE " + String.join(", ", CustomerViewRepository.TABLES.stream()
                .map(table -> "query." + table).toList()));
        assertThat(get("/api/customers/" + id).statusCode()).isEqualTo(404);

        assertThat(pendingRebuilds.run()).isZero();

        assertThat(awaitStatus(id, 200).get("name").asText()).isEqualTo("Mira Migriert");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(dumpViewTables()).isEqualTo(before));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM query.pending_rebuild", Long.class)).isZero();
    }

    @Test
    void anUnknownProjectionCannotBeRebuilt() throws Exception {
        HttpResponse<String> response = post("/api/operations/projections/no-such-view/rebuild", "");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).get("code").asText()).isEqualTo("PROJECTION_NOT_FOUND");
    }

    @Test
    void theLagGaugesAreExposedForPrometheus() throws Exception {
        awaitAllApplied();

        String scrape = await().atMost(Duration.ofSeconds(30)).until(() -> get("/actuator/prometheus").body(),
                body -> body.contains("lethe_projection_lag_events{"));

        assertThat(scrape).containsPattern("lethe_projection_lag_events\\{[^}]*projection=\"customer-view\"[^}]*} 0\\.0");
        assertThat(scrape).containsPattern("lethe_projection_lag_seconds\\{[^}]*projection=\"customer-view\"[^}]*} 0\\.0");
    }

    private void variedHistory() throws Exception {
        Instant t = Instant.parse("2026-09-01T08:00:00Z");
        String anna = UUID.randomUUID().toString();
        String ben = UUID.randomUUID().toString();
        String cora = UUID.randomUUID().toString();
        publish(anna, registered(anna, "webshop", "w-anna", "Anna Alt", "anna@example.org", "+49 30 5550001"), t);
        publish(anna, new SourceRecordLinked(anna, "crm", Personal.of("crm-anna"), "support", Personal.of("A. Alt"),
                null, Personal.of("+49 30 5550002"), null, null), t.plusSeconds(60));
        publish(anna, new ContactDetailsChanged(anna, "order-fulfilment", Personal.of("Anna Alt-Neu"), null, null, null,
                null), t.plusSeconds(120));
        publish(anna, new ConsentGranted(anna, "marketing", "web", "v1", t.plusSeconds(130)), t.plusSeconds(130));
        publish(ben, registered(ben, "crm", "crm-ben", "Ben Berg", "ben@example.org", null), t.plusSeconds(140));
        publish(ben, new ConsentGranted(ben, "marketing", "phone", "v1", t.plusSeconds(150)), t.plusSeconds(150));
        publish(ben, new ConsentWithdrawn(ben, "marketing", "phone", t.plusSeconds(160)), t.plusSeconds(160));
        publish(ben, new ProcessingRestricted(ben, "objection"), t.plusSeconds(170));
        publish(anna, new CustomersMerged(anna, ben, List.of()), t.plusSeconds(180));
        publish(ben, new CustomerMergedInto(ben, anna), t.plusSeconds(180));
        publish(anna, new CustomersUnmerged(anna, ben), t.plusSeconds(190));
        publish(ben, new CustomerUnmerged(ben, anna), t.plusSeconds(190));
        publish(cora, registered(cora, "webshop", "w-cora", "Cora Chor", "cora@example.org", null), t.plusSeconds(200));
        publish(cora, new CustomersMerged(cora, anna, List.of("marketing")), t.plusSeconds(210));
        publish(anna, new CustomerMergedInto(anna, cora), t.plusSeconds(210));
        String erased = UUID.randomUUID().toString();
        publish(erased, registered(erased, "webshop", "w-gone", "Gone Person", "gone@example.org", null), t.plusSeconds(220));
        awaitStatus(erased, 200);
        destroyKey(erased);
        publish(erased, new CustomerErased(erased, ErasureReason.DATA_SUBJECT_REQUEST, t.plusSeconds(230)), t.plusSeconds(230));
        awaitStatus(erased, 410);
    }
}
