package dev.lethe.command.publishing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The publisher's reads of the event store, straight over JDBC in {@code globalIndex} order: no Axon message, no
 * payload or metadata parsed. Two statements per batch, both in the batch's transaction: where the store is final
 * ({@link CommitHorizon}), then the rows up to there.
 */
@Component
class StoreFeed {

    private final JdbcTemplate jdbc;
    private final EventSchema schema;
    private final String eventsSql;
    private final String headSql;
    private volatile String observeSql;

    StoreFeed(JdbcTemplate jdbc, EventSchema schema) {
        this.jdbc = jdbc;
        this.schema = schema;
        String table = schema.domainEventTable();
        this.eventsSql = "SELECT " + String.join(", ", schema.globalIndexColumn(), schema.aggregateIdentifierColumn(),
                schema.sequenceNumberColumn(), schema.eventIdentifierColumn(), schema.payloadTypeColumn(),
                schema.payloadRevisionColumn(), schema.timestampColumn(), schema.metaDataColumn(),
                schema.payloadColumn())
                + " FROM " + table + " WHERE " + schema.globalIndexColumn() + " > ? AND " + schema.globalIndexColumn()
                + " <= ? ORDER BY " + schema.globalIndexColumn() + " LIMIT ?";
        this.headSql = "SELECT coalesce(max(" + schema.globalIndexColumn() + "), 0) FROM " + table;
    }

    /** Finds the global index's sequence and checks that it can serve a horizon; once, before the first read. */
    void open() {
        String sequence = jdbc.queryForObject("SELECT pg_get_serial_sequence(?, ?)", String.class,
                // the column as PostgreSQL folded it (Axon's names are unquoted); this argument is taken literally
                schema.domainEventTable(), schema.globalIndexColumn().toLowerCase(Locale.ROOT));
        if (sequence == null) {
            throw new IllegalStateException("the event store's global index is not drawn from a sequence");
        }
        // a value handed out of a session's cache after the sequence's last value was read would break the horizon
        Long cache = jdbc.queryForObject("SELECT seqcache FROM pg_sequence WHERE seqrelid = ?::regclass", Long.class,
                sequence);
        if (cache == null || cache != 1) {
            throw new IllegalStateException("the event store's global index sequence must not cache values (CACHE 1)");
        }
        // the sequence is not transactional: its last value is the newest drawn, committed or not
        observeSql = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text, (SELECT CASE WHEN is_called THEN"
                + " last_value ELSE last_value - 1 END FROM " + sequence + "),"
                + " set_config('idle_in_transaction_session_timeout', ?, true)";
    }

    /**
     * This statement's snapshot's oldest transaction in progress, and the sequence's last drawn value (read after
     * the snapshot was taken). Also lets the calling transaction sit idle (waiting for the broker) longer than the
     * service's session bound.
     */
    Observation observe(Duration idleInTransaction) {
        return jdbc.queryForObject(observeSql, (row, n) -> new Observation(Long.parseLong(row.getString(1)),
                row.getLong(2)), idleInTransaction.toMillis() + "ms");
    }

    /** The calling transaction's id, assigned now if it has none: higher than every id assigned before. */
    long transactionId() {
        return Long.parseLong(jdbc.queryForObject("SELECT pg_current_xact_id()::text", String.class));
    }

    /** Up to {@code limit} events with {@code after < globalIndex <= upTo}, in index order. */
    List<StoredEvent> read(long after, long upTo, int limit) {
        List<StoredEvent> events = new ArrayList<>(Math.min(limit, 1024));
        jdbc.query(eventsSql, statement -> {
            statement.setLong(1, after);
            statement.setLong(2, upTo);
            statement.setInt(3, limit);
            statement.setFetchSize(limit);
        }, row -> {
            events.add(new StoredEvent(row.getLong(1), row.getString(2), row.getLong(3), row.getString(4),
                    row.getString(5), row.getString(6), row.getString(7), row.getBytes(8), row.getBytes(9)));
        });
        return events;
    }


    /** The newest event's index: one step down the primary key. */
    long head() {
        Long head = jdbc.queryForObject(headSql, Long.class);
        return head == null ? 0 : head;
    }

    record Observation(long oldestInProgress, long lastDrawn) {
    }
}
