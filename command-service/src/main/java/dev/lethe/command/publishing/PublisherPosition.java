package dev.lethe.command.publishing;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Where the publisher stands in the event store. Only a restore moves it: a restored store goes to a new, empty
 * {@code lethe.events}, so it is published again from its first event (consumers skip what they have).
 */
@Component
public class PublisherPosition {

    private final JdbcTemplate jdbc;

    PublisherPosition(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Forgets the publisher's token, in the caller's transaction; with no token the processor starts at the
     * beginning of the store. Call it before the processor starts.
     */
    public void restartFromTheBeginning() {
        jdbc.update("DELETE FROM event_store.token_entry WHERE processorname = ?", EventPublisher.PROCESSING_GROUP);
    }
}
