package dev.lethe.benchmark;

import dev.lethe.localstack.LocalPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the platform asked of PostgreSQL during a run, from the server's own cumulative statistics:
 * {@code pg_stat_database} for the platform's database, {@code pg_stat_user_tables} summed per schema and, when the
 * server loaded it ({@link LocalPostgres#STATEMENT_STATISTICS_PROPERTY}), {@code pg_stat_statements} per role.
 * Two snapshots give the deltas; divided by the commands sent in between they say where a command's database work
 * goes (transactions, rows, scans, statements per command).
 *
 * <p>Backends report their counters at the end of a transaction, at most every 500 ms (PostgreSQL 14's statistics
 * collector): both snapshots lag by that much, so a delta covers a window of the run's length shifted by under half a
 * second. The benchmark's own reads (one transaction and one statement per view-probe sweep, three per snapshot) are
 * in the database-wide counters; {@link #perCommandSince} subtracts the transactions and statements it is told of.
 */
final class DatabaseActivity {

    private static final String DATABASE = "SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted, "
            + "tup_fetched, blks_hit, blks_read FROM pg_stat_database WHERE datname = current_database()";
    private static final String TABLES = "SELECT schemaname, sum(n_tup_ins), sum(n_tup_upd), sum(n_tup_del), "
            + "sum(seq_scan), sum(coalesce(idx_scan, 0)) FROM pg_stat_user_tables GROUP BY schemaname ORDER BY schemaname";
    private static final String STATEMENTS = "SELECT r.rolname, sum(s.calls) FROM pg_stat_statements s "
            + "JOIN pg_roles r ON r.oid = s.userid WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = ?) "
            + "GROUP BY r.rolname ORDER BY r.rolname";

    /** Cumulative counters by figure name; a statement count is named {@code statements (<role>)}. */
    record Snapshot(Map<String, Long> counters) {

        /**
         * Per command, the growth of every counter since {@code earlier}, named as the table prints it; transactions
         * and statements net of {@code ownTransactions} (each of the benchmark's own reads is one of both).
         */
        Map<String, Double> perCommandSince(Snapshot earlier, long commands, long ownTransactions) {
            Map<String, Double> perCommand = new LinkedHashMap<>();
            long ownStatements = ownTransactions;
            for (Map.Entry<String, Long> counter : counters.entrySet()) {
                long delta = counter.getValue() - earlier.counters.getOrDefault(counter.getKey(), 0L);
                if (counter.getKey().equals(TRANSACTIONS)) {
                    delta -= ownTransactions;
                } else if (counter.getKey().equals(STATEMENTS_OF_BENCHMARK)) {
                    delta -= ownStatements;
                }
                perCommand.put(counter.getKey(), (double) delta / commands);
            }
            return perCommand;
        }
    }

    static final String TRANSACTIONS = "DB transactions";
    /**
     * A snapshot's own work in the platform's database, one transaction and one statement each: the JDBC driver's
     * {@code SET application_name} on connecting, and two reads.
     */
    static final int READS_PER_SNAPSHOT = 3;
    /** The benchmark and the command service connect as the same superuser; its reads are netted out of that row. */
    static final String STATEMENTS_OF_BENCHMARK = "statements (" + LocalPostgres.USERNAME + ")";

    private final String jdbcUrl;

    /** All roles' statements in {@code perCommand}; NaN without statement statistics. */
    static double statements(Map<String, Double> perCommand) {
        return perCommand.entrySet().stream().filter(counter -> counter.getKey().startsWith("statements ("))
                .mapToDouble(Map.Entry::getValue).reduce(Double::sum).orElse(Double.NaN);
    }

    /** @param jdbcUrl the platform's database */
    DatabaseActivity(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /**
     * Statements are read first: they are counted as they end, while transactions and rows reach the statistics when
     * their backend reports, so this snapshot's own work appears in neither of its figures and in both of the next
     * snapshot's, which is what {@link #READS_PER_SNAPSHOT} nets out.
     */
    Snapshot take() throws SQLException {
        Map<String, Long> counters = new LinkedHashMap<>();
        Map<String, Long> statements = statements();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, LocalPostgres.USERNAME, LocalPostgres.PASSWORD);
             Statement statement = connection.createStatement()) {
            try (ResultSet row = statement.executeQuery(DATABASE)) {
                row.next();
                counters.put(TRANSACTIONS, row.getLong(1));
                counters.put("DB rollbacks", row.getLong(2));
                counters.put("DB rows inserted", row.getLong(3));
                counters.put("DB rows updated", row.getLong(4));
                counters.put("DB rows deleted", row.getLong(5));
                counters.put("DB rows fetched", row.getLong(6));
                counters.put("DB buffer hits", row.getLong(7));
                counters.put("DB buffer reads", row.getLong(8));
            }
            try (ResultSet rows = statement.executeQuery(TABLES)) {
                while (rows.next()) {
                    String schema = rows.getString(1);
                    counters.put(schema + " rows inserted", rows.getLong(2));
                    counters.put(schema + " rows updated", rows.getLong(3));
                    counters.put(schema + " rows deleted", rows.getLong(4));
                    counters.put(schema + " seq scans", rows.getLong(5));
                    counters.put(schema + " index scans", rows.getLong(6));
                }
            }
        }
        counters.putAll(statements);
        return new Snapshot(counters);
    }

    /**
     * Statements per role from {@code pg_stat_statements}, read from the {@code postgres} database (where this creates
     * the extension's view, so that the platform's schema stays as its migrations made it); empty when the server did
     * not load the library.
     */
    private Map<String, Long> statements() throws SQLException {
        String database = jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1).replaceFirst("\\?.*", "");
        String maintenance = jdbcUrl.substring(0, jdbcUrl.lastIndexOf('/') + 1) + "postgres";
        Map<String, Long> statements = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(maintenance, LocalPostgres.USERNAME, LocalPostgres.PASSWORD)) {
            if (!loaded(connection)) {
                return statements;
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            }
            try (var query = connection.prepareStatement(STATEMENTS)) {
                query.setString(1, database);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        statements.put("statements (" + rows.getString(1) + ")", rows.getLong(2));
                    }
                }
            }
        }
        return statements;
    }

    private static boolean loaded(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SHOW shared_preload_libraries")) {
            return row.next() && row.getString(1).contains("pg_stat_statements");
        }
    }
}
