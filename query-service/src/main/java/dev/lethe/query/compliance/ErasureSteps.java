package dev.lethe.query.compliance;

import dev.lethe.query.audit.CanonicalEncoding;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What has physically happened to an erased person's data, step by step, each with its time, read from where each
 * step is recorded: the key vault's erasure ledger and key-encryption-key epochs, the command topic's purge log and
 * the customer view's erasure record. A step that has not happened is {@code pending} (with the time it is scheduled
 * for, where that is known), never done: the receipt may only claim what the database shows.
 */
@Component
class ErasureSteps {

    static final String DONE = "done";
    static final String PENDING = "pending";
    static final String NOT_APPLICABLE = "not-applicable";

    /** insufficient privilege, undefined table, undefined column, invalid schema */
    private static final Set<String> UNREADABLE = Set.of("42501", "42P01", "42703", "3F000");
    private static final Logger log = LoggerFactory.getLogger(ErasureSteps.class);

    private final JdbcTemplate jdbc;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    ErasureSteps(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @param erasedAt when the erasure event says it happened */
    List<Step> of(String customerId, Instant erasedAt) {
        Optional<LedgerRow> ledger = jdbc.query("SELECT key_id::text, destroyed_at FROM key_vault.destroyed_key "
                + "WHERE subject_id = ?", (rs, n) -> new LedgerRow(rs.getString(1), instant(rs, 2)),
                customerId).stream().findFirst();
        List<Step> steps = new ArrayList<>();
        steps.add(keyRow(ledger));
        steps.add(unlessUnreadable("kek-destroyed", "key_vault.kek_epoch", () -> keyEncryptionKey(customerId, ledger)));
        Instant after = ledger.map(LedgerRow::destroyedAt).filter(at -> at.isAfter(erasedAt)).orElse(erasedAt);
        steps.add(unlessUnreadable("command-topic-purged", "event_store.command_topic_purge", () -> commandTopic(after)));
        steps.add(readModel(customerId));
        return steps;
    }

    private static Step keyRow(Optional<LedgerRow> ledger) {
        if (ledger.isEmpty()) {
            return Step.pending("event-store-key-deleted", null, "the key vault has not recorded the erasure yet");
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("keyId", ledger.get().keyId());
        return new Step("event-store-key-deleted", DONE, ledger.get().destroyedAt(), null, ledger.get().keyId() == null
                ? "no data key was ever issued for this person; the ledger row blocks issuing one"
                : "the data key's row was deleted from key_vault.data_key", facts);
    }

    /**
     * Leftover copies of the deleted key row (WAL, dead tuples, replicas, backups) are wrapped by a key-encryption
     * key: by the one recorded at deletion, or, before a rotation re-wrapped it, by an older one. So the step is done
     * only when every epoch that existed when the row was deleted is destroyed.
     */
    private Step keyEncryptionKey(String customerId, Optional<LedgerRow> ledger) {
        String name = "kek-destroyed";
        if (ledger.isEmpty()) {
            return Step.pending(name, null, "waits for the key row's deletion");
        }
        if (ledger.get().keyId() == null) {
            return new Step(name, NOT_APPLICABLE, null, null, "no data key was ever issued, so no copy of one exists",
                    Map.of());
        }
        List<Epoch> epochs = jdbc.query("SELECT kek_id, destroy_after, destroyed_at FROM key_vault.kek_epoch "
                        + "WHERE created_at <= ? ORDER BY created_at, kek_id",
                (rs, n) -> new Epoch(rs.getString(1), instant(rs, 2), instant(rs, 3)),
                Timestamp.from(ledger.get().destroyedAt()));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("kekId", jdbc.queryForObject("SELECT kek_id FROM key_vault.destroyed_key WHERE subject_id = ?",
                String.class, customerId));
        List<Epoch> alive = epochs.stream().filter(epoch -> epoch.destroyedAt() == null).toList();
        if (epochs.isEmpty()) {
            facts.put("pendingKeks", List.of());
            return new Step(name, PENDING, null, null, "no key-encryption-key epoch is recorded for the time of "
                    + "erasure; leftover copies of the wrapped key stay decryptable while that key exists", facts);
        }
        if (!alive.isEmpty()) {
            facts.put("pendingKeks", alive.stream().map(epoch -> {
                Map<String, Object> pending = new LinkedHashMap<>();
                pending.put("kekId", epoch.kekId());
                pending.put("scheduledAt", text(epoch.destroyAfter()));
                return pending;
            }).toList());
            // known only once every one of them is retired and so has a destroy_after
            Instant scheduled = alive.stream().map(Epoch::destroyAfter).anyMatch(Objects::isNull) ? null
                    : alive.stream().map(Epoch::destroyAfter).max(Comparator.naturalOrder()).orElseThrow();
            return new Step(name, PENDING, null, scheduled, "leftover copies of the wrapped data key (WAL, dead "
                    + "tuples, replicas, backups) become noise when these key-encryption keys are destroyed; a key "
                    + "still current is retired at the next rotation and destroyed after the retention", facts);
        }
        facts.put("pendingKeks", List.of());
        return new Step(name, DONE, epochs.stream().map(Epoch::destroyedAt).max(Comparator.naturalOrder()).orElseThrow(),
                null, "every key-encryption key that could have wrapped a copy of the data key is destroyed", facts);
    }

    /** The first purge of {@code lethe.commands} that started after the erasure, per partition. */
    private Step commandTopic(Instant after) {
        String name = "command-topic-purged";
        List<Map<String, Object>> partitions = new ArrayList<>();
        List<Instant> finished = new ArrayList<>();
        jdbc.query("SELECT DISTINCT ON (topic, partition) topic, partition, through_offset, finished_at "
                + "FROM event_store.command_topic_purge WHERE started_at > ? ORDER BY topic, partition, started_at",
                rs -> {
                    Map<String, Object> partition = new LinkedHashMap<>();
                    partition.put("topic", rs.getString(1));
                    partition.put("partition", Integer.toString(rs.getInt(2)));
                    partition.put("throughOffset", Long.toString(rs.getLong(3)));
                    partition.put("purgedAt", text(instant(rs, 4)));
                    partitions.add(partition);
                    finished.add(instant(rs, 4));
                }, Timestamp.from(after));
        Map<String, Object> facts = Map.of("partitions", partitions);
        if (partitions.isEmpty()) {
            return new Step(name, PENDING, null, null, "the commands' records are deleted from lethe.commands at "
                    + "the command service's next purge (lethe.ingress.purge-interval)", facts);
        }
        return new Step(name, DONE, finished.stream().max(Comparator.naturalOrder()).orElseThrow(), null,
                "every record below throughOffset of each listed partition is deleted from the broker", facts);
    }

    private Step readModel(String customerId) {
        String name = "read-model-rows-deleted";
        Optional<Instant> deletedAt = jdbc.query("SELECT a.deleted_at FROM query.customer_erasure_applied a "
                + "JOIN query.customer_tombstone t ON t.customer_id = a.customer_id WHERE a.customer_id = ? "
                + "AND NOT EXISTS (SELECT 1 FROM query.customer_view v WHERE v.customer_id = ?)",
                (rs, n) -> instant(rs, 1), customerId, customerId).stream().findFirst();
        return deletedAt.map(at -> new Step(name, DONE, at, null, "no golden record, source record or consent "
                        + "row remains; a tombstone without personal data does", Map.<String, Object>of()))
                .orElseGet(() -> Step.pending(name, null, "the customer view has not applied the erasure yet"));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    static String text(Instant instant) {
        return instant == null ? null : CanonicalEncoding.instant(instant);
    }

    /**
     * @param completedAt  when it happened; null unless done
     * @param scheduledAt  when a pending step is due, null when not known yet
     * @param facts        what the step refers to (key ids, offsets)
     */
    record Step(String step, String status, Instant completedAt, Instant scheduledAt, String detail,
                Map<String, Object> facts) {

        static Step pending(String step, Instant scheduledAt, String detail) {
            return new Step(step, PENDING, null, scheduledAt, detail, Map.of());
        }

        boolean complete() {
            return DONE.equals(status) || NOT_APPLICABLE.equals(status);
        }

        Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>(facts);
            map.put("step", step);
            map.put("status", status);
            map.put("completedAt", text(completedAt));
            map.put("scheduledAt", text(scheduledAt));
            map.put("detail", detail);
            return map;
        }
    }

    /**
     * A step recorded in a table the query service cannot read (not granted to its role, or not migrated yet) is
     * pending: what cannot be seen is not claimed. Said once in the log, since the receipt is wrong until an
     * operator grants it; any other failure is not hidden.
     */
    private Step unlessUnreadable(String step, String table, java.util.function.Supplier<Step> read) {
        try {
            return read.get();
        } catch (DataAccessException e) {
            String state = e.getMostSpecificCause() instanceof SQLException sql ? sql.getSQLState() : null;
            if (!UNREADABLE.contains(state)) {
                throw e;
            }
            if (warned.add(table)) {
                log.warn("erasure receipts: {} is not readable by the query service's role (SQL state {}); the step "
                        + "{} stays pending until it is granted SELECT (docs/crypto-shredding.md)", table, state, step);
            }
            return Step.pending(step, null, table + " is not readable by the query service: not confirmed");
        }
    }

    private record LedgerRow(String keyId, Instant destroyedAt) {
    }

    private record Epoch(String kekId, Instant destroyAfter, Instant destroyedAt) {
    }
}
