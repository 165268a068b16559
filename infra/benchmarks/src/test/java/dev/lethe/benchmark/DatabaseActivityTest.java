package dev.lethe.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseActivityTest {

    @Test
    void dividesEachCountersGrowthByTheCommandsAndNetsOutTheBenchmarksOwnReads() {
        DatabaseActivity.Snapshot before = new DatabaseActivity.Snapshot(Map.of(
                DatabaseActivity.TRANSACTIONS, 1_000L, "event_store rows inserted", 50L,
                DatabaseActivity.STATEMENTS_OF_BENCHMARK, 400L, "statements (query_service)", 10L));
        DatabaseActivity.Snapshot after = new DatabaseActivity.Snapshot(Map.of(
                DatabaseActivity.TRANSACTIONS, 1_320L, "event_store rows inserted", 250L,
                DatabaseActivity.STATEMENTS_OF_BENCHMARK, 2_420L, "statements (query_service)", 510L));

        Map<String, Double> perCommand = after.perCommandSince(before, 100, 20);

        assertThat(perCommand).containsEntry(DatabaseActivity.TRANSACTIONS, 3.0)
                .containsEntry("event_store rows inserted", 2.0)
                .containsEntry(DatabaseActivity.STATEMENTS_OF_BENCHMARK, 20.0)
                .containsEntry("statements (query_service)", 5.0);
        assertThat(DatabaseActivity.statements(perCommand)).isEqualTo(25.0);
    }

    @Test
    void aCounterFirstSeenAfterTheStartCountsFromZero() {
        DatabaseActivity.Snapshot before = new DatabaseActivity.Snapshot(Map.of());
        DatabaseActivity.Snapshot after = new DatabaseActivity.Snapshot(Map.of("query rows updated", 30L));

        assertThat(after.perCommandSince(before, 10, 0)).containsEntry("query rows updated", 3.0);
    }

    @Test
    void withoutStatementStatisticsTheStatementFigureIsNotANumber() {
        assertThat(DatabaseActivity.statements(Map.of(DatabaseActivity.TRANSACTIONS, 2.0))).isNaN();
    }
}
