package dev.lethe.query.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * Table access for {@code audit.entry} and {@code audit.event_copy}. Appends are serialised by a transaction-scoped
 * advisory lock, so there is one chain head and sequences stay gap-free whichever thread appends; they are
 * idempotent on the event id. Callers run {@link #appendAll} inside a transaction.
 */
@Repository
public class AuditTrail {

    /** "LETHEAUD": one lock for the one chain head. */
    private static final long HEAD_LOCK = 0x4c45544845415544L;
    static final String COLUMNS = "sequence, event_id, global_position, customer_id, event_type, event_revision, "
            + "occurred_at, source, actor, command_id, correlation_id, personal_fields, event_digest, previous_hash, "
            + "entry_hash";
    static final RowMapper<AuditEntry> ENTRY = AuditTrail::entry;

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;
    private final Counter appended;

    AuditTrail(JdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        // PostgreSQL streams a result in batches only inside a transaction and with a fetch size
        this.streaming = new JdbcTemplate(jdbc.getDataSource());
        this.streaming.setFetchSize(5_000);
        this.appended = Counter.builder("lethe.audit.entries").description("entries appended to the audit trail")
                .register(meters);
    }

    /**
     * Appends events in the given order under one lock, skipping those in the trail already (redeliveries, also
     * within the list), with one batched statement per table: the entries of a whole poll cost about what one did.
     *
     * @return the new entries, in sequence order
     */
    List<AuditEntry> appendAll(List<AuditedEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        lockHead();
        Set<String> known = new HashSet<>(jdbc.queryForList("SELECT event_id FROM audit.entry WHERE event_id = ANY (?)",
                String.class, (Object) events.stream().map(AuditedEvent::eventId).toArray(String[]::new)));
        Optional<AuditEntry> head = head();
        long sequence = head.map(h -> h.sequence() + 1).orElse(1L);
        byte[] previousHash = head.map(AuditEntry::entryHash).orElse(AuditEntry.GENESIS_HASH);
        List<AuditEntry> entries = new ArrayList<>();
        List<byte[]> copies = new ArrayList<>();
        for (AuditedEvent event : events) {
            if (!known.add(event.eventId())) {
                continue;
            }
            AuditEntry entry = AuditEntry.next(sequence++, previousHash, event);
            previousHash = entry.entryHash();
            entries.add(entry);
            copies.add(event.storedEvent());
        }
        jdbc.batchUpdate("INSERT INTO audit.entry (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                entries.stream().map(entry -> new Object[] {entry.sequence(), entry.eventId(), entry.globalPosition(),
                        entry.customerId(), entry.eventType(), entry.eventRevision(), Timestamp.from(entry.occurredAt()),
                        entry.source(), entry.actor(), entry.commandId(), entry.correlationId(),
                        String.join(",", entry.personalFields()), entry.eventDigest(), entry.previousHash(),
                        entry.entryHash()}).toList());
        List<Object[]> copyRows = new ArrayList<>(entries.size());
        for (int index = 0; index < entries.size(); index++) {
            AuditEntry entry = entries.get(index);
            copyRows.add(new Object[] {entry.eventId(), entry.customerId(), entry.globalPosition(), entry.eventType(),
                    Timestamp.from(entry.occurredAt()), copies.get(index)});
        }
        jdbc.batchUpdate("INSERT INTO audit.event_copy (event_id, customer_id, global_position, event_type, occurred_at, "
                + "stored_event) VALUES (?, ?, ?, ?, ?, ?)", copyRows);
        appended.increment(entries.size());
        return entries;
    }

    /** Serialises appends and checkpoints with each other until the caller's transaction ends. */
    void lockHead() {
        jdbc.queryForObject("SELECT pg_advisory_xact_lock(?)::text", String.class, HEAD_LOCK);
    }

    public Optional<AuditEntry> head() {
        return jdbc.query("SELECT " + COLUMNS + " FROM audit.entry ORDER BY sequence DESC LIMIT 1", ENTRY)
                .stream().findFirst();
    }

    /**
     * Every entry in sequence order, one at a time, with whether its stored event copy is present and matches the
     * entry's digest; called inside a transaction, a long trail is fetched in batches and never held in memory at
     * once. The copy is compared by the database ({@code pg_catalog.sha256}, qualified so that no function of the
     * same name elsewhere on the search path can stand in): the ciphertext then never crosses the wire, which is
     * most of a verification's bytes.
     */
    void forEachEntry(Consumer<EntryWithCopy> action) {
        streaming.query("SELECT e.sequence, e.event_id, e.global_position, e.customer_id, e.event_type, e.event_revision, "
                        + "e.occurred_at, e.source, e.actor, e.command_id, e.correlation_id, e.personal_fields, "
                        + "e.event_digest, e.previous_hash, e.entry_hash, c.event_id IS NOT NULL AS copy_present, "
                        + "pg_catalog.sha256(c.stored_event) = e.event_digest AS copy_matches "
                        + "FROM audit.entry e LEFT JOIN audit.event_copy c ON c.event_id = e.event_id ORDER BY e.sequence",
                rs -> {
                    action.accept(new EntryWithCopy(entry(rs, 0), rs.getBoolean("copy_present"),
                            rs.getBoolean("copy_matches")));
                });
    }

    public List<AuditEntry> entries() {
        return jdbc.query("SELECT " + COLUMNS + " FROM audit.entry ORDER BY sequence", ENTRY);
    }

    public List<AuditEntry> entriesFor(String customerId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM audit.entry WHERE customer_id = ? ORDER BY sequence", ENTRY,
                customerId);
    }

    public boolean knows(String customerId) {
        return jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM audit.entry WHERE customer_id = ?)", Boolean.class,
                customerId);
    }

    /** The stored (encrypted) bytes of one event. */
    public Optional<byte[]> storedEvent(String eventId) {
        return jdbc.query("SELECT stored_event FROM audit.event_copy WHERE event_id = ?", (rs, row) -> rs.getBytes(1),
                eventId).stream().findFirst();
    }

    /** The person's stored events that occurred at or before {@code asOf}, in event-store order. */
    public List<EventCopy> copiesUpTo(String customerId, Instant asOf) {
        return jdbc.query("SELECT event_id, global_position, event_type, occurred_at, stored_event FROM audit.event_copy "
                        + "WHERE customer_id = ? AND occurred_at <= ? ORDER BY global_position",
                (rs, row) -> new EventCopy(rs.getString(1), rs.getLong(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getBytes(5)), customerId, Timestamp.from(asOf));
    }

    /** One stored event as the audit schema keeps it: ciphertext for personal fields. */
    public record EventCopy(String eventId, long globalPosition, String eventType, Instant occurredAt,
                            byte[] storedEvent) {
    }

    /**
     * @param copyPresent whether {@code audit.event_copy} holds the event
     * @param copyMatches whether the copy's SHA-256 equals the entry's event digest
     */
    record EntryWithCopy(AuditEntry entry, boolean copyPresent, boolean copyMatches) {
    }

    private static AuditEntry entry(ResultSet rs, int row) throws SQLException {
        String fields = rs.getString("personal_fields");
        return new AuditEntry(rs.getLong("sequence"), rs.getString("event_id"), rs.getLong("global_position"),
                rs.getString("customer_id"), rs.getString("event_type"), rs.getString("event_revision"),
                rs.getTimestamp("occurred_at").toInstant(), rs.getString("source"), rs.getString("actor"),
                rs.getString("command_id"), rs.getString("correlation_id"),
                fields.isEmpty() ? List.of() : Arrays.asList(fields.split(",", -1)),
                rs.getBytes("event_digest"), rs.getBytes("previous_hash"), rs.getBytes("entry_hash"));
    }
}
