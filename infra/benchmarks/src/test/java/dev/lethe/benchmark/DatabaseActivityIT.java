package dev.lethe.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lethe.localstack.LocalPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DatabaseActivityIT {

    private static final int COMMANDS = 10;

    @Test
    void countsTheTransactionsRowsAndStatementsOfTheWorkBetweenTwoSnapshots() throws Exception {
        try (LocalPostgres postgres = LocalPostgres.start(
                LocalPostgres.Options.temporary().notCrashSafe().withStatementStatistics())) {
            String url = postgres.ensureDatabase("platform");
            execute(url, "CREATE SCHEMA app", "CREATE TABLE app.accepted (id int PRIMARY KEY)");
            DatabaseActivity activity = new DatabaseActivity(url);
            awaitReported(postgres);
            DatabaseActivity.Snapshot before = activity.take();

            // one autocommit insert per "command": one transaction, one statement, one row each
            String[] inserts = new String[COMMANDS];
            for (int i = 0; i < COMMANDS; i++) {
                inserts[i] = "INSERT INTO app.accepted VALUES (" + i + ")";
            }
            execute(url, inserts);
            awaitReported(postgres);

            Map<String, Double> perCommand = activity.take()
                    .perCommandSince(before, COMMANDS, DatabaseActivity.READS_PER_SNAPSHOT);
            // 10 inserts and the connection's SET application_name (sent by the JDBC driver) per 10 "commands"
            assertThat(perCommand).containsEntry("app rows inserted", 1.0)
                    .containsEntry("app rows updated", 0.0)
                    .containsEntry(DatabaseActivity.STATEMENTS_OF_BENCHMARK, 1.1);
            // the same 11 transactions, and whatever autovacuum's worker commits in a database it has not seen before
            assertThat(perCommand.get(DatabaseActivity.TRANSACTIONS)).isBetween(1.1, 1.3);
        }
    }

    @Test
    void aServerWithoutStatementStatisticsGivesNoStatementFigures() throws Exception {
        try (LocalPostgres postgres = LocalPostgres.start(LocalPostgres.Options.temporary().notCrashSafe())) {
            DatabaseActivity activity = new DatabaseActivity(postgres.ensureDatabase("platform"));

            assertThat(activity.take().counters()).containsKey(DatabaseActivity.TRANSACTIONS)
                    .doesNotContainKey(DatabaseActivity.STATEMENTS_OF_BENCHMARK);
        }
    }

    /**
     * Counters reach the statistics when a backend reports them, asynchronously and up to half a second late: waits
     * until the platform database's transaction count stood still for a second, read from the maintenance database so
     * that waiting adds nothing to it.
     */
    private static void awaitReported(LocalPostgres postgres) {
        AtomicLong last = new AtomicLong(-1);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).during(Duration.ofSeconds(1))
                .until(() -> {
                    long now = transactions(postgres);
                    return now == last.getAndSet(now);
                });
    }

    private static long transactions(LocalPostgres postgres) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("postgres"), postgres.username(),
                postgres.password());
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT xact_commit FROM pg_stat_database WHERE datname = 'platform'")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static void execute(String url, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, LocalPostgres.USERNAME, LocalPostgres.PASSWORD);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
