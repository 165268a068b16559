package dev.lethe.command.identity;

import java.util.Collection;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code event_store.source_reference} table: which customer a source system's own reference belongs
 * to. The reference is personal data (it links to the person elsewhere), so only its blind index is kept.
 */
@Repository
class SourceReferences {

    private final JdbcTemplate jdbc;

    SourceReferences(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<String> customerFor(byte[] digest) {
        return jdbc.query("SELECT customer_id FROM event_store.source_reference WHERE digest = ?",
                (rs, row) -> rs.getString(1), digest).stream().findFirst();
    }

    /** @return false when the reference already belongs to a customer (nothing is changed then) */
    boolean claim(byte[] digest, String source, String customerId) {
        return jdbc.update("INSERT INTO event_store.source_reference (digest, source, customer_id) "
                + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING", digest, source, customerId) == 1;
    }

    void reassign(byte[] digest, String customerId) {
        jdbc.update("UPDATE event_store.source_reference SET customer_id = ? WHERE digest = ?", customerId, digest);
    }

    void forget(Collection<String> customerIds) {
        jdbc.update("DELETE FROM event_store.source_reference WHERE customer_id = ANY (?)",
                (Object) MatchKeys.ids(customerIds));
    }
}
