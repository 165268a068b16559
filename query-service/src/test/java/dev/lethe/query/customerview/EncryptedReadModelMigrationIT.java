package dev.lethe.query.customerview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.localstack.TestInfrastructure;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * V12 on a view that holds personal data in clear (built before it): the plaintext goes, the columns become bytea,
 * and a rebuild is left pending for the service (PendingRebuilds); on an empty view nothing is pending.
 */
class EncryptedReadModelMigrationIT {

    @Test
    void aViewBuiltInClearIsEmptiedAndLeftForARebuild() {
        JdbcTemplate jdbc = migratedTo("11");
        jdbc.update("INSERT INTO query.customer_view (customer_id, status, created_at, updated_at, last_global_sequence, "
                + "last_aggregate_sequence) VALUES ('c-1', 'ACTIVE', now(), now(), 1, 0)");
        jdbc.update("INSERT INTO query.customer_field (customer_id, field, verified, value, changed_at, global_sequence) "
                + "VALUES ('c-1', 'EMAIL', false, 'erika@example.org', now(), 1)");
        jdbc.update("INSERT INTO query.customer_source_record (customer_id, source, source_customer_id, purpose, "
                + "linked_at, global_sequence) VALUES ('c-1', 'webshop', 'c-1042', 'order-fulfilment', now(), 1)");
        jdbc.update("INSERT INTO query.customer_consent (customer_id, purpose, granted, channel, consent_text_version, "
                + "changed_at, global_sequence) VALUES ('c-1', 'marketing', true, 'email', 'newsletter-v3', now(), 2)");

        migrate(jdbc);

        assertThat(jdbc.queryForList("SELECT projection FROM query.pending_rebuild", String.class))
                .containsExactly("customer-view");
        for (String table : CustomerViewRepository.TABLES) {
            assertThat(jdbc.queryForObject("SELECT count(*) FROM query." + table, Long.class)).as(table).isZero();
        }
        for (EncryptedColumn column : EncryptedColumn.values()) {
            assertThat(jdbc.queryForObject("SELECT data_type FROM information_schema.columns WHERE table_schema = "
                    + "'query' AND table_name = ? AND column_name = ?", String.class, column.table(), column.column()))
                    .as(column.name()).isEqualTo("bytea");
        }
    }

    @Test
    void anEmptyViewNeedsNoRebuild() {
        JdbcTemplate jdbc = migratedTo("11");

        migrate(jdbc);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM query.pending_rebuild", Long.class)).isZero();
    }

    private static JdbcTemplate migratedTo(String version) {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        String url = infrastructure.createDatabase("v12");
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(url, infrastructure.username(),
                infrastructure.password()));
        flyway(jdbc, version).migrate();
        return jdbc;
    }

    private static void migrate(JdbcTemplate jdbc) {
        flyway(jdbc, "latest").migrate();
    }

    private static Flyway flyway(JdbcTemplate jdbc, String target) {
        return Flyway.configure().dataSource(jdbc.getDataSource()).schemas("query", "audit").defaultSchema("query")
                .table("flyway_schema_history").placeholders(Map.of("approle", "lethe_query")).target(target).load();
    }
}
