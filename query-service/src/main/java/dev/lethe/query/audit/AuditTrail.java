package dev.lethe.query.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
import java.util.regex.Pattern;
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
    private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-Fa-f-]{1,64}");

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
     * within the list). Three statements whatever the number of events: the lock, the head together with which of
     * the events the trail knows, and one insert of every entry and its event copy from arrays ({@code unnest}); the
     * chain itself is hashed here, in Java.
     *
     * @return the new entries, in sequence order
     */
    List<AuditEntry> appendAll(List<AuditedEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        lockHead();
        // a statement of its own after the lock: one started before the lock was granted would see an old head
        Head head = jdbc.queryForObject("SELECT h.sequence, h.entry_hash, "
                        + "ARRAY(SELECT event_id FROM audit.entry WHERE event_id = ANY (?)) AS known "
                        + "FROM (SELECT 1) AS one LEFT JOIN LATERAL "
                        + "(SELECT sequence, entry_hash FROM audit.entry ORDER BY sequence DESC LIMIT 1) AS h ON true",
                (rs, row) -> new Head(rs.getLong(1), rs.getBytes(2), Arrays.asList((String[]) rs.getArray(3).getArray())),
                (Object) events.stream().map(AuditedEvent::eventId).toArray(String[]::new));
        long sequence = head.sequence() + 1;
        byte[] previousHash = head.entryHash() != null ? head.entryHash() : AuditEntry.GENESIS_HASH;
        Set<String> known = new HashSet<>(head.known());
        List<AuditEntry> entries = new ArrayList<>(events.size());
        List<byte[]> copies = new ArrayList<>(events.size());
        for (AuditedEvent event : events) {
            if (!known.add(event.eventId())) {
                continue;
            }
            AuditEntry entry = AuditEntry.next(sequence++, previousHash, event);
            previousHash = entry.entryHash();
            entries.add(entry);
            copies.add(event.storedEvent());
        }
        if (!entries.isEmpty()) {
            jdbc.update(connection -> insert(connection, entries, copies));
            appended.increment(entries.size());
        }
        return entries;
    }

    /**
     * Both tables in one statement. The copies reference the entries; the foreign key is checked at the end of the
     * statement, when the entries of the same statement are there.
     */
    private static PreparedStatement insert(Connection connection, List<AuditEntry> entries, List<byte[]> copies)
            throws SQLException {
        int size = entries.size();
        Long[] sequences = new Long[size];
        String[] eventIds = new String[size];
        Long[] positions = new Long[size];
        String[] customers = new String[size];
        String[] types = new String[size];
        String[] revisions = new String[size];
        // as text in the canonical form (UTC, microseconds): exact, and no JDBC time-zone conversion in between
        String[] occurred = new String[size];
        String[] sources = new String[size];
        String[] actors = new String[size];
        String[] commands = new String[size];
        String[] correlations = new String[size];
        String[] fields = new String[size];
        byte[][] digests = new byte[size][];
        byte[][] previous = new byte[size][];
        byte[][] hashes = new byte[size][];
        for (int i = 0; i < size; i++) {
            AuditEntry entry = entries.get(i);
            sequences[i] = entry.sequence();
            eventIds[i] = entry.eventId();
            positions[i] = entry.globalPosition();
            customers[i] = entry.customerId();
            types[i] = entry.eventType();
            revisions[i] = entry.eventRevision();
            occurred[i] = CanonicalEncoding.instant(entry.occurredAt());
            sources[i] = entry.source();
            actors[i] = entry.actor();
            commands[i] = entry.commandId();
            correlations[i] = entry.correlationId();
            fields[i] = String.join(",", entry.personalFields());
            digests[i] = entry.eventDigest();
            previous[i] = entry.previousHash();
            hashes[i] = entry.entryHash();
        }
        PreparedStatement statement = connection.prepareStatement("WITH appended AS (INSERT INTO audit.entry ("
                + COLUMNS + ") SELECT * FROM unnest(?::bigint[], ?::varchar[], ?::bigint[], ?::varchar[], ?::varchar[], "
                + "?::varchar[], ?::text[]::timestamptz[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], "
                + "?::text[], ?::bytea[], ?::bytea[], ?::bytea[]) RETURNING 1) "
                + "INSERT INTO audit.event_copy (event_id, customer_id, global_position, event_type, occurred_at, "
                + "stored_event) SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::bigint[], ?::varchar[], "
                + "?::text[]::timestamptz[], ?::bytea[])");
        Object[][] columns = {sequences, eventIds, positions, customers, types, revisions, occurred, sources, actors,
                commands, correlations, fields, digests, previous, hashes,
                eventIds, customers, positions, types, occurred, copies.toArray(byte[][]::new)};
        String[] sqlTypes = {"bigint", "varchar", "bigint", "varchar", "varchar", "varchar", "text", "varchar",
                "varchar", "varchar", "varchar", "text", "bytea", "bytea", "bytea",
                "varchar", "varchar", "bigint", "varchar", "text", "bytea"};
        for (int i = 0; i < columns.length; i++) {
            statement.setArray(i + 1, connection.createArrayOf(sqlTypes[i], columns[i]));
        }
        return statement;
    }

    /** The chain head (sequence 0 and no hash when the trail is empty) and which of a poll's events it knows. */
    private record Head(long sequence, byte[] entryHash, List<String> known) {
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
     * The entries with a sequence in {@code [from, to]} in sequence order, one at a time, with whether the stored
     * event copy is present and matches the entry's digest; called inside a transaction, a long trail is fetched in
     * batches and never held in memory at once. The copy is compared by the database ({@code pg_catalog.sha256},
     * qualified so that no function of the same name elsewhere on the search path can stand in): the ciphertext
     * then never crosses the wire, which is most of a verification's bytes.
     */
    void forEachEntry(long from, long to, Consumer<EntryWithCopy> action) {
        streaming.query("SELECT e.sequence, e.event_id, e.global_position, e.customer_id, e.event_type, e.event_revision, "
                        + "e.occurred_at, e.source, e.actor, e.command_id, e.correlation_id, e.personal_fields, "
                        + "e.event_digest, e.previous_hash, e.entry_hash, c.event_id IS NOT NULL AS copy_present, "
                        + "pg_catalog.sha256(c.stored_event) = e.event_digest AS copy_matches "
                        + "FROM audit.entry e LEFT JOIN audit.event_copy c ON c.event_id = e.event_id "
                        + "WHERE e.sequence BETWEEN ? AND ? ORDER BY e.sequence",
                rs -> {
                    action.accept(new EntryWithCopy(entry(rs, 0), rs.getBoolean("copy_present"),
                            rs.getBoolean("copy_matches")));
                }, from, to);
    }

    /** How many entries the trail has, as the caller's transaction sees it. */
    long count() {
        return jdbc.queryForObject("SELECT count(*) FROM audit.entry", Long.class);
    }

    /**
     * The caller's transaction's snapshot, for other connections to {@link #importSnapshot} while that transaction
     * lasts (PostgreSQL's {@code pg_export_snapshot}).
     */
    String exportSnapshot() {
        return jdbc.queryForObject("SELECT pg_export_snapshot()", String.class);
    }

    /**
     * Makes the caller's transaction (repeatable read, nothing run in it yet) see exactly what the exporting one
     * sees.
     */
    void importSnapshot(String snapshotId) {
        if (!SNAPSHOT_ID.matcher(snapshotId).matches()) {
            throw new IllegalArgumentException("not a snapshot id");
        }
        // a utility statement takes no parameters; the id is checked above
        jdbc.execute("SET TRANSACTION SNAPSHOT '" + snapshotId + "'");
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
