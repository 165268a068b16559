package dev.lethe.command.identity;

import java.util.Collection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code event_store.customer_merge} table: where a merged customer's commands go. Each customer keeps
 * its own rows elsewhere; only this routing changes on merge and unmerge.
 */
@Repository
public class CustomerMerges {

    /** Far beyond any real chain; stops the walk should a defect ever produce a cycle. */
    private static final int MAX_CHAIN = 64;

    private final JdbcTemplate jdbc;

    public CustomerMerges(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The customer at the end of the merge chain starting at {@code customerId} (itself when not merged). */
    String survivorOf(String customerId) {
        return jdbc.queryForObject("""
                WITH RECURSIVE chain (customer_id, depth) AS (
                    SELECT CAST(? AS VARCHAR(64)), 0
                    UNION ALL
                    SELECT m.survivor_id, c.depth + 1
                    FROM event_store.customer_merge m JOIN chain c ON m.merged_customer_id = c.customer_id
                    WHERE c.depth < ?)
                SELECT customer_id FROM chain ORDER BY depth DESC LIMIT 1""",
                String.class, customerId, MAX_CHAIN);
    }

    public void record(String mergedCustomerId, String survivorId) {
        jdbc.update("INSERT INTO event_store.customer_merge (merged_customer_id, survivor_id) VALUES (?, ?)",
                mergedCustomerId, survivorId);
    }

    public void remove(String mergedCustomerId, String survivorId) {
        jdbc.update("DELETE FROM event_store.customer_merge WHERE merged_customer_id = ? AND survivor_id = ?",
                mergedCustomerId, survivorId);
    }

    void forget(Collection<String> customerIds) {
        String[] ids = MatchKeys.ids(customerIds);
        jdbc.update("DELETE FROM event_store.customer_merge WHERE merged_customer_id = ANY (?) OR survivor_id = ANY (?)",
                ids, ids);
    }
}
