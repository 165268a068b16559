package dev.lethe.benchmark.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The baseline the platform is compared with commits as durably as the platform does. */
class PlainAxonBaselineIT {

    @TempDir
    Path directory;

    @Test
    void runsOnADurableServerAndStoresWhatItIsSent() throws Exception {
        try (PlainAxonBaseline baseline = PlainAxonBaseline.start(directory.resolve("postgres"))) {
            assertThat(query(baseline, "SHOW fsync", "SHOW synchronous_commit", "SHOW full_page_writes"))
                    .containsExactly("on", "on", "on");

            assertThat(baseline.run(20, 2, 1L)).isPositive();
            assertThat(Long.parseLong(query(baseline, "SELECT count(*) FROM domainevententry").get(0))).isEqualTo(20);
        }
    }

    private static List<String> query(PlainAxonBaseline baseline, String... queries) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(baseline.jdbcUrl(), baseline.username(),
                baseline.password());
             Statement statement = connection.createStatement()) {
            for (String sql : queries) {
                try (ResultSet row = statement.executeQuery(sql)) {
                    row.next();
                    values.add(row.getString(1));
                }
            }
        }
        return values;
    }
}
