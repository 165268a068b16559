package dev.lethe.command.publishing;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The events' own positions ({@code globalIndex}) in the store, looked up by event id. The tracking token cannot
 * give them: its position is the highest index read so far, so an event whose transaction committed after a
 * higher-numbered one (it filled a gap) would carry the later event's number. Run inside the publishing batch's
 * transaction: one indexed query per batch.
 */
@Component
class StorePositions {

    private final JdbcTemplate jdbc;
    private final String sql;

    StorePositions(JdbcTemplate jdbc, EventSchema schema) {
        this.jdbc = jdbc;
        this.sql = "SELECT " + schema.eventIdentifierColumn() + ", " + schema.globalIndexColumn()
                + " FROM " + schema.domainEventTable() + " WHERE " + schema.eventIdentifierColumn() + " = ANY(?)";
    }

    /** @throws IllegalStateException if an event is not in the store (it was read from there: a defect) */
    Map<String, Long> of(Collection<String> eventIds) {
        Map<String, Long> positions = new HashMap<>(eventIds.size() * 2);
        jdbc.query(sql, statement -> statement.setArray(1,
                        statement.getConnection().createArrayOf("varchar", eventIds.toArray())),
                row -> {
                    positions.put(row.getString(1), row.getLong(2));
                });
        if (positions.size() < eventIds.size()) {
            // event ids are random UUIDs, no personal data
            throw new IllegalStateException("events read from the store are missing from it: "
                    + eventIds.stream().filter(id -> !positions.containsKey(id)).toList());
        }
        return positions;
    }
}
