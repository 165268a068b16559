package dev.lethe.query.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.contract.Personal;
import dev.lethe.contract.consent.ConsentGranted;
import dev.lethe.contract.customer.ContactDetailsChanged;
import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.contract.customer.PostalAddress;
import dev.lethe.query.support.AuditIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

class AuditTrailIT extends AuditIntegrationTest {

    @Autowired
    AuditTrail trail;
    @Autowired
    ChainVerifier verifier;
    @Autowired
    TransactionTemplate transaction;

    /**
     * A change of one byte per column, each its own inverse (applied twice it restores the row). Text columns get
     * one character flipped, bytea one bit of the first byte, numbers one bit, the timestamp one microsecond.
     */
    private static final Map<String, String> FLIPS = new LinkedHashMap<>();

    static {
        FLIPS.put("sequence", "sequence = sequence # (1::bigint << 40)");
        for (String text : List.of("event_id", "customer_id", "event_type", "event_revision", "source", "actor",
                "command_id", "correlation_id", "personal_fields")) {
            // an empty value (an event without personal fields) has no byte to flip: one is added and removed again
            FLIPS.put(text, text + " = CASE " + text + " WHEN '' THEN 'x' WHEN 'x' THEN '' ELSE overlay(" + text
                    + " placing chr(ascii(substr(" + text + ", 1, 1)) # 1) from 1 for 1) END");
        }
        FLIPS.put("global_position", "global_position = global_position # 1");
        FLIPS.put("occurred_at", null);
        for (String bytes : List.of("event_digest", "previous_hash", "entry_hash")) {
            FLIPS.put(bytes, bytes + " = set_byte(" + bytes + ", 0, get_byte(" + bytes + ", 0) # 1)");
        }
    }

    @Test
    void everyEventGetsOneChainedEntryWithFieldNamesButNoValuesAndARedeliveryAddsNone() {
        String id = UUID.randomUUID().toString();
        String registered = publish(id, erika(id));
        String changed = publish(id, new ContactDetailsChanged(id, "order-fulfilment", null,
                Personal.of("erika.m@example.org"), null, null, null));
        awaitAudited(changed);

        long before = SUPERUSER.queryForObject("SELECT count(*) FROM audit.entry", Long.class);
        // redelivered after a publisher crash: same event id, same bytes
        byte[] original = SUPERUSER.queryForObject("SELECT stored_event FROM audit.event_copy WHERE event_id = ?",
                byte[].class, registered);
        publishStored(id, CustomerRegistered.class.getName(), original, Instant.now(), registered, 1, 0);
        String marker = publish(id, new ConsentGranted(id, "marketing", "email", "v3", Instant.now()));
        awaitAudited(marker);

        assertThat(SUPERUSER.queryForObject("SELECT count(*) FROM audit.entry", Long.class)).isEqualTo(before + 1);
        Map<String, Object> first = SUPERUSER.queryForMap("SELECT * FROM audit.entry WHERE event_id = ?", registered);
        assertThat(first.get("personal_fields"))
                .isEqualTo("sourceCustomerId,name,email,phone,postalAddress");
        assertThat(SUPERUSER.queryForObject("SELECT personal_fields FROM audit.entry WHERE event_id = ?",
                String.class, changed)).isEqualTo("email");
        assertThat(first.get("correlation_id")).isEqualTo(first.get("command_id"));
        String everything = SUPERUSER.queryForList("SELECT e::text FROM audit.entry e", String.class).toString();
        assertThat(everything).doesNotContain("Erika", "erika", "Hauptstr", "c-1042");
        List<Long> sequences = SUPERUSER.queryForList("SELECT sequence FROM audit.entry ORDER BY sequence", Long.class);
        for (int i = 0; i < sequences.size(); i++) {
            assertThat(sequences.get(i)).isEqualTo(i + 1);
        }
        assertThat(getJson("/api/compliance/audit/verify").get("valid").asBoolean()).isTrue();
        assertThat(getJson("/actuator/metrics/lethe.audit.entries").get("measurements").get(0).get("value").asDouble())
                .isGreaterThanOrEqualTo(3);
        assertThat(get("/actuator/metrics/lethe.audit.verify.duration").statusCode()).isEqualTo(200);
    }

    @Test
    void flippingOneByteOfAnyColumnOfAnyEntryIsReportedAtExactlyThatSequence() {
        String id = UUID.randomUUID().toString();
        publish(id, erika(id));
        String last = publish(id, new ContactDetailsChanged(id, "order-fulfilment", Personal.of("Erika M."), null,
                null, null, null));
        awaitAudited(last);
        publish(id, new ConsentGranted(id, "marketing", "email", "v3", Instant.now()));
        awaitAudited(publish(id, new ConsentGranted(id, "newsletter", "web", "v1", Instant.now())));
        long target = SUPERUSER.queryForObject("SELECT sequence FROM audit.entry WHERE event_id = ?", Long.class, last);
        long head = SUPERUSER.queryForObject("SELECT max(sequence) FROM audit.entry", Long.class);
        assertThat(target).isLessThan(head);

        for (long sequence : List.of(1L, target, head)) {
            for (Map.Entry<String, String> flip : FLIPS.entrySet()) {
                tamper(sequence, flip.getKey(), flip.getValue(), true);
                try {
                    JsonNode verification = getJson("/api/compliance/audit/verify");
                    assertThat(verification.get("valid").asBoolean()).as("%s of %s", flip.getKey(), sequence).isFalse();
                    assertThat(verification.get("firstInvalidSequence").asLong())
                            .as("%s of %s: %s", flip.getKey(), sequence, verification).isEqualTo(sequence);
                    assertEveryRangeSplitAgreesWith(verification);
                } finally {
                    tamper(sequence, flip.getKey(), flip.getValue(), false);
                }
                assertThat(getJson("/api/compliance/audit/verify").get("valid").asBoolean())
                        .as("restored %s of %s", flip.getKey(), sequence).isTrue();
            }
        }
    }

    @Test
    void theDatabaseRefusesUpdateDeleteAndTruncateEvenToTheOwnerAndTheAppRoleHasNoSuchPrivilege() {
        String id = UUID.randomUUID().toString();
        awaitAudited(publish(id, erika(id)));
        // one row in every table, so that the row triggers have something to refuse
        assertThat(post("/api/compliance/audit/checkpoints").statusCode()).isEqualTo(201);
        assertThat(get("/api/compliance/customers/" + id + "/history").statusCode()).isEqualTo(200);
        JdbcTemplate app = new JdbcTemplate(appDataSource);
        Map<String, String> anyColumn = Map.of("entry", "actor", "event_copy", "customer_id", "checkpoint", "key_id",
                "access_log", "principal");
        for (String table : anyColumn.keySet()) {
            String column = anyColumn.get(table);
            assertThatThrownBy(() -> app.update("UPDATE audit." + table + " SET " + column + " = " + column)).rootCause().hasMessageContaining("permission denied");
            assertThatThrownBy(() -> SUPERUSER.update("UPDATE audit." + table + " SET " + column + " = " + column)).rootCause().hasMessageContaining("append-only");
            assertThatThrownBy(() -> app.update("DELETE FROM audit." + table)).rootCause().hasMessageContaining("permission denied");
            assertThatThrownBy(() -> app.execute("TRUNCATE audit." + table)).rootCause().hasMessageContaining("permission denied");
            // the triggers hold even for the owner, short of switching them off as superuser
            assertThatThrownBy(() -> SUPERUSER.update("DELETE FROM audit." + table)).rootCause().hasMessageContaining("append-only");
            assertThatThrownBy(() -> SUPERUSER.execute("TRUNCATE audit." + table + " CASCADE")).rootCause().hasMessageContaining("append-only");
        }
        assertThat(app.queryForObject("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", Boolean.class)).isFalse();
        assertThat(SUPERUSER.queryForList("SELECT tableowner FROM pg_tables WHERE schemaname = 'audit'", String.class))
                .doesNotContain(APP_ROLE);
        assertThat(app.queryForObject("SELECT has_table_privilege('audit.entry', 'INSERT')", Boolean.class)).isTrue();
    }

    @Test
    void checkpointsAreSignedEveryNEntriesAndOnRequestAndARewrittenChainFailsAgainstThem() {
        String id = UUID.randomUUID().toString();
        for (int i = 0; i < CHECKPOINT_EVERY; i++) {
            // a real history: the person is registered before anything else happens to them
            Object event = i == 0 ? erika(id) : new ConsentGranted(id, "purpose-" + i, "web", "v1", Instant.now());
            awaitAudited(publish(id, event));
        }
        long head = SUPERUSER.queryForObject("SELECT max(sequence) FROM audit.entry", Long.class);
        long lastMultiple = head / CHECKPOINT_EVERY * CHECKPOINT_EVERY;
        assertThat(SUPERUSER.queryForObject("SELECT count(*) FROM audit.checkpoint WHERE sequence = ?", Long.class,
                lastMultiple)).isEqualTo(1);
        assertThat(post("/api/compliance/audit/checkpoints").statusCode()).isEqualTo(201);
        JsonNode verification = getJson("/api/compliance/audit/verify");
        assertThat(verification.get("valid").asBoolean()).isTrue();
        assertThat(SUPERUSER.queryForObject("SELECT count(*) FROM audit.checkpoint WHERE sequence = ?", Long.class,
                head)).isEqualTo(1);
        assertThat(verification.get("checkpointsVerified").asInt())
                .isEqualTo(SUPERUSER.queryForObject("SELECT count(*) FROM audit.checkpoint", Integer.class));

        // a consistent rewrite of the head entry (hash recomputed) is caught only by the signed checkpoint over it
        AuditEntry original = trail.entries().stream().filter(e -> e.sequence() == head).findFirst().orElseThrow();
        AuditEntry forged = new AuditEntry(original.sequence(), original.eventId(), original.globalPosition(),
                original.customerId(), original.eventType(), original.eventRevision(), original.occurredAt(),
                original.source(), "agent-99", original.commandId(), original.correlationId(),
                original.personalFields(), original.eventDigest(), original.previousHash(), null);
        byte[] forgedHash = forged.computeHash();
        asSuperuserBypassingTriggers(sql -> sql.update("UPDATE audit.entry SET actor = 'agent-99', entry_hash = ? "
                + "WHERE sequence = ?", forgedHash, head));
        try {
            JsonNode rewritten = getJson("/api/compliance/audit/verify");
            assertThat(rewritten.get("valid").asBoolean()).isFalse();
            assertThat(rewritten.get("firstInvalidSequence").asLong()).isEqualTo(head);
            assertThat(rewritten.get("reason").asText()).contains("checkpoint");
            assertEveryRangeSplitAgreesWith(rewritten);
        } finally {
            asSuperuserBypassingTriggers(sql -> sql.update("UPDATE audit.entry SET actor = ?, entry_hash = ? "
                    + "WHERE sequence = ?", original.actor(), original.entryHash(), head));
        }
        assertThat(getJson("/api/compliance/audit/verify").get("valid").asBoolean()).isTrue();
    }

    @Test
    void deletingTheLastEntriesIsCaughtByTheCheckpointThatSignedThem() {
        String id = UUID.randomUUID().toString();
        publish(id, erika(id));
        awaitAudited(publish(id, new ConsentGranted(id, "marketing", "email", "v3", Instant.now())));
        assertThat(post("/api/compliance/audit/checkpoints").statusCode()).isEqualTo(201);
        long head = SUPERUSER.queryForObject("SELECT max(sequence) FROM audit.entry", Long.class);
        List<Map<String, Object>> entries = SUPERUSER.queryForList(
                "SELECT * FROM audit.entry WHERE sequence >= ? ORDER BY sequence", head - 1);
        List<Map<String, Object>> copies = SUPERUSER.queryForList(
                "SELECT c.* FROM audit.event_copy c JOIN audit.entry e USING (event_id) WHERE e.sequence >= ?", head - 1);

        asSuperuserBypassingTriggers(sql -> {
            sql.update("DELETE FROM audit.event_copy WHERE event_id IN (SELECT event_id FROM audit.entry WHERE sequence >= ?)", head - 1);
            sql.update("DELETE FROM audit.entry WHERE sequence >= ?", head - 1);
        });
        try {
            JsonNode verification = getJson("/api/compliance/audit/verify");
            assertThat(verification.get("valid").asBoolean()).isFalse();
            assertThat(verification.get("firstInvalidSequence").asLong()).isEqualTo(head - 1);
            assertThat(verification.get("reason").asText()).contains("removed");
            assertEveryRangeSplitAgreesWith(verification);
        } finally {
            asSuperuserBypassingTriggers(sql -> {
                entries.forEach(row -> insert(sql, "audit.entry", row));
                copies.forEach(row -> insert(sql, "audit.event_copy", row));
            });
        }
        assertThat(getJson("/api/compliance/audit/verify").get("valid").asBoolean()).isTrue();
    }

    @Test
    void aPollIsAppendedInOneGoSkippingKnownAndRepeatedEventsAndKeepsEveryValueExactly() {
        String id = UUID.randomUUID().toString();
        String known = publish(id, erika(id));
        awaitAudited(known);
        Instant occurred = Instant.parse("2026-12-08T01:02:03.456789Z");
        AuditedEvent first = event(id, UUID.randomUUID().toString(), occurred, List.of("name", "email"), null);
        AuditedEvent second = event(id, UUID.randomUUID().toString(), occurred.plusNanos(999),
                List.of(), "agent-\u00e9");
        AuditedEvent redelivered = event(id, known, occurred, List.of(), null);

        List<AuditEntry> appended = transaction.execute(status ->
                trail.appendAll(List.of(first, redelivered, second, first)));

        assertThat(appended).extracting(AuditEntry::eventId).containsExactly(first.eventId(), second.eventId());
        assertThat(appended.get(1).sequence()).isEqualTo(appended.get(0).sequence() + 1);
        assertThat(appended.get(1).previousHash()).isEqualTo(appended.get(0).entryHash());
        List<AuditEntry> stored = trail.entriesFor(id);
        assertThat(stored.subList(stored.size() - 2, stored.size())).usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(appended);
        assertThat(stored.get(stored.size() - 1).occurredAt()).isEqualTo(Instant.parse("2026-12-08T01:02:03.456789Z"));
        assertThat(stored.get(stored.size() - 1).actor()).isEqualTo("agent-\u00e9");
        assertThat(stored.get(stored.size() - 1).source()).isNull();
        assertThat(stored.get(stored.size() - 2).personalFields()).containsExactly("name", "email");
        assertThat(trail.storedEvent(second.eventId())).hasValueSatisfying(bytes ->
                assertThat(bytes).isEqualTo(second.storedEvent()));
        assertThat(SUPERUSER.queryForObject("SELECT count(*) FROM audit.event_copy c JOIN audit.entry e USING "
                + "(event_id, customer_id, global_position, event_type, occurred_at) WHERE e.event_id IN (?, ?)",
                Long.class, first.eventId(), second.eventId())).isEqualTo(2);
        JsonNode verification = getJson("/api/compliance/audit/verify");
        assertThat(verification.get("valid").asBoolean()).as("%s", verification).isTrue();
        assertEveryRangeSplitAgreesWith(verification);
    }

    @Test
    void storedEventsThatAreNoJsonObjectAreRefusedAndNullFieldsAreNotListed() {
        AuditedEvents events = new AuditedEvents(dev.lethe.shredding.LetheObjectMapper.create());
        for (String stored : List.of("", "[]", "42", "{\"name\":", "{\"name\":{\"c\":[1,2}}", "not json",
                "{\"name\":1,\"name\":2}")) {
            assertThatThrownBy(() -> events.personalFieldsPresent(CustomerRegistered.class,
                    stored.getBytes(java.nio.charset.StandardCharsets.UTF_8))).as(stored)
                    .isInstanceOf(dev.lethe.query.projection.UnprojectableEvent.class);
        }
        assertThat(events.personalFieldsPresent(CustomerRegistered.class, ("{\"customerId\":\"x\",\"phone\":null,"
                + "\"email\":{\"k\":[1,{\"name\":2}]},\"unknown\":[],\"name\":\"\",\"postalAddress\":{}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .containsExactly("name", "email", "postalAddress");
    }

    /** Verification split into sequence ranges gives the answer of one pass, however the ranges fall. */
    private void assertEveryRangeSplitAgreesWith(JsonNode answer) {
        Verification whole = verifier.verify(1);
        assertThat(whole.valid()).isEqualTo(answer.get("valid").asBoolean());
        assertThat(whole.entries()).isEqualTo(answer.get("entries").asLong());
        assertThat(whole.checkpointsVerified()).isEqualTo(answer.get("checkpointsVerified").asInt());
        assertThat(whole.firstInvalidSequence()).isEqualTo(answer.has("firstInvalidSequence")
                ? answer.get("firstInvalidSequence").asLong() : null);
        assertThat(whole.reason()).isEqualTo(answer.has("reason") ? answer.get("reason").asText() : null);
        for (int ranges : List.of(2, 3, 5, 8, 1_000)) {
            assertThat(verifier.verify(ranges)).as("in %d ranges", ranges).isEqualTo(whole);
        }
    }

    private static AuditedEvent event(String customerId, String eventId, Instant occurredAt, List<String> fields,
                                      String actor) {
        return new AuditedEvent(eventId, 900_000, customerId, CustomerRegistered.class.getName(), "1", occurredAt,
                null, actor, "cmd-" + eventId.substring(0, 8), "cor-" + eventId.substring(0, 8), fields,
                ("{\"customerId\":\"" + customerId + "\",\"eid\":\"" + eventId + "\"}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void tamper(long sequence, String column, String assignment, boolean forward) {
        String sql = assignment != null ? assignment
                : "occurred_at = occurred_at " + (forward ? "+" : "-") + " interval '1 microsecond'";
        String where = column.equals("sequence") && !forward ? "sequence = ? # (1::bigint << 40)" : "sequence = ?";
        asSuperuserBypassingTriggers(jdbc -> assertThat(jdbc.update("UPDATE audit.entry SET " + sql + " WHERE " + where,
                sequence)).isEqualTo(1));
    }

    /** What an attacker with the superuser's password can do: switch the triggers off for one session. */
    static void asSuperuserBypassingTriggers(java.util.function.Consumer<JdbcTemplate> change) {
        var dataSource = new org.springframework.jdbc.datasource.SingleConnectionDataSource(DATABASE_URL,
                dev.lethe.localstack.TestInfrastructure.shared().username(),
                dev.lethe.localstack.TestInfrastructure.shared().password(), true);
        try {
            new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult(status -> {
                JdbcTemplate jdbc = new JdbcTemplate(dataSource);
                jdbc.execute("SET LOCAL session_replication_role = replica");
                change.accept(jdbc);
            });
        } finally {
            dataSource.destroy();
        }
    }

    static void insert(JdbcTemplate sql, String table, Map<String, Object> row) {
        String columns = String.join(", ", row.keySet());
        String values = String.join(", ", row.keySet().stream().map(c -> "?").toList());
        sql.update("INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ")", row.values().toArray());
    }

    static CustomerRegistered erika(String id) {
        return new CustomerRegistered(id, "webshop", Personal.of("c-1042"), "order-fulfilment",
                Personal.of("Erika Mustermann"), Personal.of("erika@example.org"), Personal.of("+49301234567"),
                Personal.of(new PostalAddress("Hauptstr. 1", "10115", "Berlin", "DE")), null);
    }
}
