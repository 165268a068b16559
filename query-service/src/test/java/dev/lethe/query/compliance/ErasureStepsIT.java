package dev.lethe.query.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.localstack.TestInfrastructure;
import dev.lethe.query.support.AuditIntegrationTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Each step of an erasure is claimed only once the database records it, with the recorded time: against a real
 * PostgreSQL with the query service's and the key vault's migrations, one database of its own, so the global
 * tables (key-encryption-key epochs, command-topic purges) hold exactly what each test writes.
 */
class ErasureStepsIT {

    private static final Instant ERASED = Instant.parse("2026-07-01T09:00:00Z");
    private static final Instant KEY_ROW_DELETED = Instant.parse("2026-07-01T09:00:01Z");
    private static JdbcTemplate db;
    private static String url;
    private ErasureSteps steps;
    private String customer;

    @BeforeAll
    static void database() {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        url = infrastructure.createDatabase("receipts");
        db = new JdbcTemplate(new DriverManagerDataSource(url, infrastructure.username(), infrastructure.password()));
        Flyway.configure().dataSource(url, infrastructure.username(), infrastructure.password())
                .schemas("key_vault").locations("classpath:db/lethe-key-vault").table("key_vault_schema_history")
                .load().migrate();
        Flyway.configure().dataSource(url, infrastructure.username(), infrastructure.password())
                .schemas("query", "audit").defaultSchema("query").placeholders(Map.of("approle", "no_such_role"))
                .load().migrate();
        AuditIntegrationTest.createErasureStepTables(db, "public");
    }

    @BeforeEach
    void clean() {
        db.execute("TRUNCATE key_vault.kek_epoch, key_vault.destroyed_key, event_store.command_topic_purge, "
                + "query.customer_tombstone, query.customer_erasure_applied, query.customer_view CASCADE");
        steps = new ErasureSteps(db);
        customer = UUID.randomUUID().toString();
    }

    @Test
    void beforeAnythingIsRecordedEveryStepIsPendingAndNoneHasATime() {
        List<ErasureSteps.Step> all = steps.of(customer, ERASED);

        assertThat(all).extracting(ErasureSteps.Step::step).containsExactly("event-store-key-deleted",
                "kek-destroyed", "command-topic-purged", "read-model-rows-deleted");
        assertThat(all).allSatisfy(step -> {
            assertThat(step.status()).isEqualTo("pending");
            assertThat(step.completedAt()).isNull();
            assertThat(step.complete()).isFalse();
        });
    }

    @Test
    void theKeyRowIsDoneAtItsDeletionButTheKekThatWrappedItIsPendingUntilDestroyedAndSaysWhenItIsDue() {
        epoch("kek-2026-06-30", "2026-06-30T00:00:00Z", null, null);
        keyRowDeleted("kek-2026-06-30");

        List<ErasureSteps.Step> all = steps.of(customer, ERASED);
        assertThat(all.get(0).status()).isEqualTo("done");
        assertThat(all.get(0).completedAt()).isEqualTo(KEY_ROW_DELETED);
        ErasureSteps.Step kek = all.get(1);
        assertThat(kek.status()).isEqualTo("pending");
        assertThat(kek.scheduledAt()).as("still current: not retired, so no destruction is scheduled").isNull();
        assertThat(kek.asMap()).containsEntry("kekId", "kek-2026-06-30");

        // rotated: retired, destruction scheduled after the retention
        db.update("UPDATE key_vault.kek_epoch SET retired_at = ?, destroy_after = ? WHERE kek_id = ?",
                ts("2026-07-02T00:00:00Z"), ts("2026-08-01T00:00:00Z"), "kek-2026-06-30");
        epoch("kek-2026-07-02", "2026-07-02T00:00:00Z", null, null);
        kek = steps.of(customer, ERASED).get(1);
        assertThat(kek.status()).isEqualTo("pending");
        assertThat(kek.scheduledAt()).isEqualTo(Instant.parse("2026-08-01T00:00:00Z"));
        assertThat(kek.asMap().get("pendingKeks").toString())
                .as("an epoch created after the key row was deleted never wrapped it")
                .contains("kek-2026-06-30").doesNotContain("kek-2026-07-02");

        db.update("UPDATE key_vault.kek_epoch SET destroyed_at = ? WHERE kek_id = ?", ts("2026-08-01T00:05:00Z"),
                "kek-2026-06-30");
        kek = steps.of(customer, ERASED).get(1);
        assertThat(kek.status()).isEqualTo("done");
        assertThat(kek.completedAt()).isEqualTo(Instant.parse("2026-08-01T00:05:00Z"));
    }

    @Test
    void anOlderKekThatMayHaveWrappedAnEarlierCopyKeepsTheStepPendingUntilItIsDestroyedToo() {
        // the retention was lengthened after kek-old was retired: the newer key is gone first
        epoch("kek-old", "2026-06-01T00:00:00Z", "2026-06-02T00:00:00Z", "2026-09-01T00:00:00Z");
        epoch("kek-new", "2026-06-02T00:00:00Z", "2026-07-02T00:00:00Z", "2026-07-03T00:00:00Z");
        db.update("UPDATE key_vault.kek_epoch SET destroyed_at = ? WHERE kek_id = 'kek-new'", ts("2026-07-03T00:00:00Z"));
        keyRowDeleted("kek-new");

        ErasureSteps.Step kek = steps.of(customer, ERASED).get(1);
        assertThat(kek.status()).isEqualTo("pending");
        assertThat(kek.scheduledAt()).isEqualTo(Instant.parse("2026-09-01T00:00:00Z"));
        assertThat(kek.asMap().get("pendingKeks").toString()).contains("kek-old").doesNotContain("kek-new");
    }

    @Test
    void aPersonWhoNeverHadAKeyHasNoKekStepToWaitFor() {
        db.update("INSERT INTO key_vault.destroyed_key (subject_id, key_id, destroyed_at) VALUES (?, NULL, ?)",
                customer, Timestamp.from(KEY_ROW_DELETED));

        ErasureSteps.Step kek = steps.of(customer, ERASED).get(1);
        assertThat(kek.status()).isEqualTo("not-applicable");
        assertThat(kek.complete()).isTrue();
    }

    @Test
    void theCommandTopicStepIsTheFirstPurgeStartedAfterTheErasurePerPartitionNeverAnEarlierOne() {
        keyRowDeleted(null);
        purge(0, 40, "2026-07-01T08:59:00Z", "2026-07-01T08:59:01Z");
        assertThat(steps.of(customer, ERASED).get(2).status()).as("a purge before the erasure").isEqualTo("pending");

        purge(0, 57, "2026-07-01T09:01:00Z", "2026-07-01T09:01:02Z");
        purge(1, 12, "2026-07-01T09:01:00Z", "2026-07-01T09:01:03Z");
        purge(0, 90, "2026-07-01T09:02:00Z", "2026-07-01T09:02:01Z");
        ErasureSteps.Step topic = steps.of(customer, ERASED).get(2);

        assertThat(topic.status()).isEqualTo("done");
        assertThat(topic.completedAt()).isEqualTo(Instant.parse("2026-07-01T09:01:03Z"));
        assertThat(topic.asMap().get("partitions")).isEqualTo(List.of(
                Map.of("topic", "lethe.commands", "partition", "0", "throughOffset", "57",
                        "purgedAt", "2026-07-01T09:01:02.000000Z"),
                Map.of("topic", "lethe.commands", "partition", "1", "throughOffset", "12",
                        "purgedAt", "2026-07-01T09:01:03.000000Z")));
    }

    @Test
    void theReadModelStepIsDoneWhenTheTombstoneWasFirstWrittenAndOnlyOnceNoViewRowIsLeft() {
        db.update("INSERT INTO query.customer_view (customer_id, status, created_at, updated_at, last_global_sequence) "
                + "VALUES (?, 'ACTIVE', now(), now(), 1)", customer);
        tombstone();
        db.update("UPDATE query.customer_erasure_applied SET deleted_at = ? WHERE customer_id = ?",
                ts("2026-07-01T09:00:05Z"), customer);
        assertThat(steps.of(customer, ERASED).get(3).status()).isEqualTo("pending");

        db.update("DELETE FROM query.customer_view WHERE customer_id = ?", customer);
        ErasureSteps.Step readModel = steps.of(customer, ERASED).get(3);
        assertThat(readModel.status()).isEqualTo("done");
        assertThat(readModel.completedAt()).isEqualTo(Instant.parse("2026-07-01T09:00:05Z"));
    }

    @Test
    void theFirstTombstoneDatesTheStepAndARebuildThatWritesItAgainKeepsThatTime() {
        Instant before = db.queryForObject("SELECT now()", Timestamp.class).toInstant();
        tombstone();
        Instant first = steps.of(customer, ERASED).get(3).completedAt();
        assertThat(first).isAfterOrEqualTo(before);

        db.execute("TRUNCATE query.customer_tombstone"); // a rebuild empties the view's tables and replays
        tombstone();

        assertThat(steps.of(customer, ERASED).get(3).completedAt()).isEqualTo(first);
    }

    private void tombstone() {
        db.update("INSERT INTO query.customer_tombstone (customer_id, erased_at, reason, last_global_sequence) "
                + "VALUES (?, ?, 'DATA_SUBJECT_REQUEST', 2)", customer, Timestamp.from(ERASED));
    }

    @Test
    void aStepRecordedInATableTheQueryServiceMayNotReadIsPendingNotConfirmed() {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        dev.lethe.localstack.Databases.ensureLoginRole(url, infrastructure.username(), infrastructure.password(),
                "receipts_ungranted", "receipts_ungranted");
        db.execute("GRANT USAGE ON SCHEMA key_vault, query TO receipts_ungranted");
        db.execute("GRANT SELECT ON key_vault.destroyed_key, query.customer_tombstone, query.customer_view, "
                + "query.customer_erasure_applied TO receipts_ungranted");
        db.execute("REVOKE ALL ON SCHEMA event_store FROM public");
        epoch("kek-gone", "2026-06-30T00:00:00Z", null, null);
        db.update("UPDATE key_vault.kek_epoch SET destroyed_at = ?", ts("2026-07-02T00:00:00Z"));
        keyRowDeleted("kek-gone");
        purge(0, 57, "2026-07-01T09:01:00Z", "2026-07-01T09:01:02Z");
        ErasureSteps ungranted = new ErasureSteps(new JdbcTemplate(
                new DriverManagerDataSource(url, "receipts_ungranted", "receipts_ungranted")));
        try {
            List<ErasureSteps.Step> all = ungranted.of(customer, ERASED);

            assertThat(all.get(0).status()).isEqualTo("done");
            assertThat(all.get(1).status()).isEqualTo("pending");
            assertThat(all.get(1).detail()).isEqualTo("key_vault.kek_epoch is not readable by the query service: "
                    + "not confirmed");
            assertThat(all.get(2).status()).isEqualTo("pending");
            assertThat(steps.of(customer, ERASED).get(1).status()).as("the owner sees them done").isEqualTo("done");
        } finally {
            db.execute("GRANT USAGE ON SCHEMA event_store TO public");
        }
    }

    private void keyRowDeleted(String kekId) {
        db.update("INSERT INTO key_vault.destroyed_key (subject_id, key_id, destroyed_at, kek_id) VALUES (?, ?, ?, ?)",
                customer, UUID.randomUUID(), Timestamp.from(KEY_ROW_DELETED), kekId);
    }

    private void epoch(String kekId, String created, String retired, String destroyAfter) {
        db.update("INSERT INTO key_vault.kek_epoch (kek_id, backend, created_at, retired_at, destroy_after) "
                + "VALUES (?, 'local', ?, ?, ?)", kekId, ts(created), ts(retired), ts(destroyAfter));
    }

    private void purge(int partition, long throughOffset, String started, String finished) {
        db.update("INSERT INTO event_store.command_topic_purge (topic, partition, through_offset, started_at, "
                + "finished_at) VALUES ('lethe.commands', ?, ?, ?, ?)", partition, throughOffset, ts(started),
                ts(finished));
    }

    private static Timestamp ts(String instant) {
        return instant == null ? null : Timestamp.from(Instant.parse(instant));
    }
}
