package dev.lethe.command.publishing;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Where the publisher stands in the event store: every event up to this {@code globalIndex} is on {@code lethe.events}
 * (table {@code event_store.publisher_position}, migration V10; it took over the tracking token of the Axon processor
 * that published before, ADR 0006). Only the publisher moves it forward, once the broker acknowledged; a restore
 * moves it back: a restored store goes to a new, empty {@code lethe.events}, so it is published again from its first
 * event (consumers skip what they have).
 */
@Component
public class PublisherPosition {

    static final String PUBLISHER = "lethe-events-publisher";

    private final JdbcTemplate jdbc;

    PublisherPosition(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Forgets the publisher's position, in the caller's transaction: the publisher starts at the beginning of the
     * store. Call it before the publisher starts.
     */
    public void restartFromTheBeginning() {
        jdbc.update("INSERT INTO event_store.publisher_position (name, position) VALUES (?, 0)"
                + " ON CONFLICT (name) DO UPDATE SET position = 0", PUBLISHER);
    }

    long current() {
        Long position = jdbc.queryForObject("SELECT max(position) FROM event_store.publisher_position WHERE name = ?",
                Long.class, PUBLISHER);
        return position == null ? 0 : position;
    }

    /**
     * Moves the position in the caller's transaction, if it still is where this publisher left it.
     *
     * @throws IllegalStateException if it is not: something else moved it, the batch must not count as published
     */
    void move(long from, long to) {
        int moved = jdbc.update("UPDATE event_store.publisher_position SET position = ? WHERE name = ? AND position = ?",
                to, PUBLISHER, from);
        if (moved == 0 && jdbc.update("INSERT INTO event_store.publisher_position (name, position) SELECT ?, ?"
                + " WHERE NOT EXISTS (SELECT 1 FROM event_store.publisher_position WHERE name = ?)",
                PUBLISHER, to, PUBLISHER) == 0) {
            throw new IllegalStateException("the publisher's position was moved by someone else");
        }
    }
}
