package dev.lethe.local.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Re-applies the erasure ledger to a freshly restored database, in one transaction, before any service runs on it:
 * the ledger itself, the key vault (keys destroyed, erasures recorded), the command side's identity rows and the
 * query side's read model (rows deleted, a tombstone left). The event store is left to the command service, which
 * appends {@code CustomerErased} for these customers at start-up. The publisher's position is reset so that the
 * restored store is published again to a new (empty) {@code lethe.events}; every consumer skips what it has.
 */
final class LedgerApplication {

    private static final String PUBLISHER = "lethe-events-publisher";

    private LedgerApplication() {
    }

    static Restore.Result apply(Connection connection, List<ErasureLedger.Entry> ledger) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE reapplied (subject_id VARCHAR(255) PRIMARY KEY, "
                    + "erased_at TIMESTAMPTZ NOT NULL, reason VARCHAR(64) NOT NULL) ON COMMIT DROP");
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO reapplied (subject_id, erased_at, reason) VALUES (?, ?, ?)")) {
                for (ErasureLedger.Entry entry : ledger) {
                    insert.setString(1, entry.subjectId());
                    insert.setTimestamp(2, ErasureLedger.timestamp(entry));
                    insert.setString(3, entry.reason());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            statement.executeUpdate("INSERT INTO ledger.erasure (subject_id, erased_at, reason) "
                    + "SELECT subject_id, erased_at, reason FROM reapplied ON CONFLICT (subject_id) DO NOTHING");
            statement.executeUpdate("""
                    INSERT INTO key_vault.destroyed_key (subject_id, key_id, destroyed_at)
                    SELECT r.subject_id, k.key_id, r.erased_at FROM reapplied r
                    LEFT JOIN key_vault.data_key k ON k.subject_id = r.subject_id
                    ON CONFLICT (subject_id) DO NOTHING""");
            int keys = statement.executeUpdate("DELETE FROM key_vault.data_key WHERE subject_id IN "
                    + "(SELECT subject_id FROM reapplied)");
            int identity = 0;
            if (exists(statement, "event_store.match_key")) {
                identity += statement.executeUpdate("DELETE FROM event_store.match_key WHERE customer_id IN "
                        + "(SELECT subject_id FROM reapplied)");
                identity += statement.executeUpdate("DELETE FROM event_store.source_reference WHERE customer_id IN "
                        + "(SELECT subject_id FROM reapplied)");
                identity += statement.executeUpdate("DELETE FROM event_store.customer_merge WHERE merged_customer_id IN "
                        + "(SELECT subject_id FROM reapplied) OR survivor_id IN (SELECT subject_id FROM reapplied)");
                statement.executeUpdate("DELETE FROM event_store.token_entry WHERE processorname = '" + PUBLISHER + "'");
            }
            int views = 0;
            if (exists(statement, "query.customer_view")) {
                views = statement.executeUpdate("DELETE FROM query.customer_view WHERE customer_id IN "
                        + "(SELECT subject_id FROM reapplied)");
                // above every restored event, so republished events cannot bring the rows back before the service's
                // own CustomerErased arrives; only for customers the restored store knows
                statement.executeUpdate("""
                        INSERT INTO query.customer_tombstone (customer_id, erased_at, reason, last_global_sequence)
                        SELECT r.subject_id, r.erased_at, r.reason,
                               (SELECT coalesce(max(globalindex), 0) FROM event_store.domain_event_entry)
                        FROM reapplied r
                        WHERE EXISTS (SELECT 1 FROM event_store.domain_event_entry e
                                      WHERE e.aggregateidentifier = r.subject_id)
                        ON CONFLICT (customer_id) DO NOTHING""");
            }
            connection.commit();
            return new Restore.Result(ledger.size(), keys, views, identity);
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    private static boolean exists(Statement statement, String table) throws SQLException {
        try (ResultSet row = statement.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
            row.next();
            return row.getBoolean(1);
        }
    }
}
