package dev.lethe.benchmark;

import dev.lethe.local.LocalTokens;
import dev.lethe.localstack.LocalPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * Rebuild of the unified view from {@code lethe.events} through the operator endpoint, timed from the request until
 * the view's consumer group has committed the whole topic again, against a raw JDBC {@code SELECT} of the same
 * event rows from the event store (every column, read to the last byte).
 */
final class Replay {

    record Outcome(long events, double replaySeconds, long rows, double selectSeconds) {

        double replayPerSecond() {
            return events / replaySeconds;
        }

        double selectPerSecond() {
            return rows / selectSeconds;
        }
    }

    static final String VIEW_GROUP = "lethe-query-customer-view";
    private static final String OPERATOR_TOKEN = LocalTokens.mint("benchmark", List.of("OPERATOR"));
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private Replay() {
    }

    static Outcome measure(String queryUrl, String jdbcUrl, ConsumerProgress progress) throws Exception {
        progress.awaitCaughtUp(VIEW_GROUP, TIMEOUT);
        long events = progress.events();
        long start = System.nanoTime();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(queryUrl + "/api/operations/projections/customer-view/rebuild"))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + OPERATOR_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("the rebuild was refused: HTTP " + response.statusCode());
        }
        progress.awaitCaughtUp(VIEW_GROUP, TIMEOUT);
        double replaySeconds = (System.nanoTime() - start) / 1e9;
        long selectStart = System.nanoTime();
        long rows = selectAll(jdbcUrl);
        return new Outcome(events, replaySeconds, rows, (System.nanoTime() - selectStart) / 1e9);
    }

    private static long selectAll(String jdbcUrl) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, LocalPostgres.USERNAME, LocalPostgres.PASSWORD)) {
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement("SELECT globalIndex, aggregateIdentifier, "
                    + "sequenceNumber, type, eventIdentifier, metaData, payload, payloadRevision, payloadType, timeStamp "
                    + "FROM event_store.domain_event_entry ORDER BY globalIndex")) {
                select.setFetchSize(1000);
                long rows = 0;
                long bytes = 0;
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        rows++;
                        bytes += result.getString(2).length() + result.getString(5).length();
                        byte[] metaData = result.getBytes(6);
                        bytes += (metaData == null ? 0 : metaData.length) + result.getBytes(7).length;
                        bytes += result.getString(9).length() + result.getString(10).length();
                    }
                }
                if (bytes == 0 && rows > 0) {
                    throw new IllegalStateException("the event rows read empty");
                }
                return rows;
            }
        }
    }
}
