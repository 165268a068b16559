package dev.lethe.command.identity;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code event_store.match_key} table: which customer a normalised email or phone belongs to, by blind
 * index. A digest belongs to at most one customer (primary key), which is what lets concurrent
 * registrations of the same person meet.
 */
@Repository
class MatchKeys {

    enum Kind { email, phone }

    private final JdbcTemplate jdbc;

    MatchKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Under READ COMMITTED an INSERT that meets a row of a transaction still in flight waits for it to end,
     * so a {@code false} here always means the row is committed (or ours) and {@link #owner} can read it.
     *
     * @return false when the key already belongs to a customer (nothing is changed then)
     */
    boolean claim(Kind kind, byte[] digest, String customerId) {
        return jdbc.update("INSERT INTO event_store.match_key (kind, digest, customer_id) VALUES (?, ?, ?) "
                + "ON CONFLICT DO NOTHING", kind.name(), digest, customerId) == 1;
    }

    Optional<String> owner(Kind kind, byte[] digest) {
        return jdbc.query("SELECT customer_id FROM event_store.match_key WHERE kind = ? AND digest = ?",
                (rs, row) -> rs.getString(1), kind.name(), digest).stream().findFirst();
    }

    void reassign(Kind kind, byte[] digest, String customerId) {
        jdbc.update("UPDATE event_store.match_key SET customer_id = ? WHERE kind = ? AND digest = ?",
                customerId, kind.name(), digest);
    }

    List<IdentityRecords.MatchKey> of(Collection<String> customerIds) {
        return jdbc.query("SELECT kind, digest FROM event_store.match_key WHERE customer_id = ANY (?)",
                (rs, row) -> new IdentityRecords.MatchKey(rs.getString(1), rs.getBytes(2)), (Object) ids(customerIds));
    }

    void forget(Collection<String> customerIds) {
        jdbc.update("DELETE FROM event_store.match_key WHERE customer_id = ANY (?)", (Object) ids(customerIds));
    }

    static String[] ids(Collection<String> customerIds) {
        return customerIds.toArray(String[]::new);
    }
}
