package dev.lethe.command.identity;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
     * Claims the keys for the customer in one statement, in the order given (the lock order: rows are inserted, and
     * waited for, one after the other). Under READ COMMITTED an INSERT that meets a row of a transaction still in
     * flight waits for it to end, so a key not claimed here always belongs to a committed customer (or ours) and
     * {@link #owner} can read it.
     *
     * @return the kinds claimed; a key of any other kind already belongs to a customer (nothing is changed then)
     */
    Set<Kind> claimAll(List<Key> keys, String customerId) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        Object[] values = new Object[keys.size() * 3];
        for (int index = 0; index < keys.size(); index++) {
            values[3 * index] = keys.get(index).kind().name();
            values[3 * index + 1] = keys.get(index).digest();
            values[3 * index + 2] = customerId;
        }
        Set<Kind> claimed = EnumSet.noneOf(Kind.class);
        jdbc.query("INSERT INTO event_store.match_key (kind, digest, customer_id) VALUES "
                        + String.join(", ", Collections.nCopies(keys.size(), "(?, ?, ?)"))
                        + " ON CONFLICT DO NOTHING RETURNING kind",
                rs -> {
                    claimed.add(Kind.valueOf(rs.getString(1)));
                }, values);
        return claimed;
    }

    /** A normalised email or phone, by blind index. */
    record Key(Kind kind, byte[] digest) {
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
