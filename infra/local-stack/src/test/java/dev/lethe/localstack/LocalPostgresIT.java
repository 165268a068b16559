package dev.lethe.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPostgresIT {

    @TempDir
    Path directory;

    @Test
    void runsARealServerThatAcceptsSql() throws SQLException {
        try (LocalPostgres postgres = LocalPostgres.start(LocalPostgres.Options.temporary())) {
            String url = postgres.ensureDatabase("lethe");

            assertThat(queryString(url, postgres, "SELECT current_database() || ' ' || version()"))
                    .startsWith("lethe PostgreSQL");
        }
    }

    @Test
    void aDurableServerWritesEveryCommitToDiskBeforeItReturns() throws SQLException {
        try (LocalPostgres postgres = LocalPostgres.start(LocalPostgres.Options.temporary())) {
            String url = postgres.ensureDatabase("lethe");

            assertThat(settings(url, postgres)).containsExactly("on", "on", "on");
        }
    }

    @Test
    void aServerThatIsNotCrashSafeSaysSo() throws SQLException {
        try (LocalPostgres postgres = LocalPostgres.start(LocalPostgres.Options.temporary().notCrashSafe())) {
            String url = postgres.ensureDatabase("lethe");

            assertThat(settings(url, postgres)).containsExactly("off", "off", "off");
        }
    }

    @Test
    void theRunCommandsServerIsDurable() throws SQLException {
        try (LocalPostgres postgres = LocalPostgres.start(LocalPostgres.Options.persistent(directory.resolve("pg"), 0))) {
            String url = postgres.ensureDatabase("lethe");

            assertThat(settings(url, postgres)).containsExactly("on", "on", "on");
        }
    }

    @Test
    void aCommitThatReturnedSurvivesKillMinusNineOfThePostmaster() throws Exception {
        LocalPostgres.Options options = LocalPostgres.Options.persistent(directory.resolve("crash"), 0);
        LocalPostgres first = LocalPostgres.start(options);
        String url = first.ensureDatabase("lethe");
        execute(url, first, "CREATE TABLE accepted (id int)");
        // 200 commits, each returned before the next: on a server that is not crash-safe a kill right after loses
        // the last few dozen (measured: 45 of 200 per kill, 0 on a durable one)
        String[] commits = new String[200];
        for (int i = 0; i < commits.length; i++) {
            commits[i] = "INSERT INTO accepted VALUES (" + i + ")";
        }
        execute(url, first, commits);
        long postmaster = first.postmasterPid();

        ProcessHandle.of(postmaster).orElseThrow().destroyForcibly();
        await("postmaster " + postmaster + " gone").atMost(Duration.ofSeconds(30)).until(() -> !first.isRunning());
        first.close();

        try (LocalPostgres second = LocalPostgres.start(options.withPort(first.port()))) {
            assertThat(second.postmasterPid()).isNotEqualTo(postmaster);
            assertThat(queryString(second.jdbcUrl("lethe"), second, "SELECT count(*) FROM accepted")).isEqualTo("200");
        }
    }

    private static java.util.List<String> settings(String url, LocalPostgres postgres) throws SQLException {
        return java.util.List.of(queryString(url, postgres, "SHOW fsync"),
                queryString(url, postgres, "SHOW synchronous_commit"),
                queryString(url, postgres, "SHOW full_page_writes"));
    }

    @Test
    void keepsItsDataAcrossARestartOnTheSameDataDirectory() throws Exception {
        Path data = directory.resolve("postgres");
        LocalPostgres.Options options = LocalPostgres.Options.persistent(data, 0);
        try (LocalPostgres first = LocalPostgres.start(options)) {
            String url = first.ensureDatabase("lethe");
            execute(url, first, "CREATE TABLE kept (value text)", "INSERT INTO kept VALUES ('still here')");
        }

        try (LocalPostgres second = LocalPostgres.start(options)) {
            String url = second.ensureDatabase("lethe");

            assertThat(queryString(url, second, "SELECT value FROM kept")).isEqualTo("still here");
        }
    }

    @Test
    void closeStopsTheServerProcess() throws Exception {
        LocalPostgres postgres = LocalPostgres.start(LocalPostgres.Options.persistent(directory.resolve("pg"), 0));
        long pid = postmasterPid(postgres.dataDirectory());
        assertThat(Processes.isRunning(pid)).isTrue();

        postgres.close();

        assertThat(Processes.isRunning(pid)).isFalse();
    }

    private static long postmasterPid(Path dataDirectory) throws java.io.IOException {
        return Long.parseLong(java.nio.file.Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
    }

    private static void execute(String url, LocalPostgres postgres, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, postgres.username(), postgres.password());
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static String queryString(String url, LocalPostgres postgres, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, postgres.username(), postgres.password());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }
}
