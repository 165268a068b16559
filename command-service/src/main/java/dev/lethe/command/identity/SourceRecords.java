package dev.lethe.command.identity;

import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code event_store.source_record} table: which customer a source system's reference belongs to. */
@Repository
public class SourceRecords {

    private final JdbcTemplate jdbc;

    SourceRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> customerFor(String source, String sourceCustomerId) {
        return jdbc.query("SELECT customer_id FROM event_store.source_record WHERE source = ? AND source_customer_id = ?",
                (rs, row) -> rs.getString(1), source, sourceCustomerId).stream().findFirst();
    }

    /** @return false when the reference already belongs to a customer (nothing is changed then) */
    public boolean claim(String source, String sourceCustomerId, String customerId) {
        return jdbc.update("INSERT INTO event_store.source_record (source, source_customer_id, customer_id) "
                + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING", source, sourceCustomerId, customerId) == 1;
    }

    /** Runs inside the erasure transaction: a source reference links to the person, so it goes too. */
    public void forget(String customerId) {
        jdbc.update("DELETE FROM event_store.source_record WHERE customer_id = ?", customerId);
    }
}
