package dev.lethe.command.retention;

import static dev.lethe.command.retention.CustomerActivityProjection.at;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The record of every sweep ({@code event_store.retention_sweep}): when, where, by which rule, how many. */
@Repository
class RetentionSweeps {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = new ObjectMapper();

    RetentionSweeps(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void started(UUID sweepId, String trigger, String instance, String status, Instant sweptAt) {
        jdbc.update("INSERT INTO event_store.retention_sweep (sweep_id, trigger, instance, status, swept_at) "
                + "VALUES (?, ?, ?, ?, ?)", sweepId, trigger, instance, status, at(sweptAt));
    }

    void finished(UUID sweepId, String status, Map<String, Map<String, Integer>> outcome) {
        jdbc.update("UPDATE event_store.retention_sweep SET status = ?, finished_at = now(), outcome = ?::jsonb "
                + "WHERE sweep_id = ?", status, write(outcome), sweepId);
    }

    private String write(Map<String, Map<String, Integer>> outcome) {
        try {
            return json.writeValueAsString(outcome);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a sweep outcome could not be written as JSON", e);
        }
    }
}
