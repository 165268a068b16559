package dev.lethe.command.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.localstack.TestInfrastructure;
import java.util.Arrays;
import java.util.List;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Migration V10 hands the Axon tracking processor's token over to the publisher's own position: an installation
 * that published with the processor resumes where it stood, not from the first event, and skips nothing.
 */
class PublisherPositionMigrationIT {

    @Test
    void theProcessorsTokenBecomesThePositionJustBelowItsLowestGap() {
        JdbcTemplate jdbc = databaseBeforeTheMigration();
        storeToken(jdbc, GapAwareTrackingToken.newInstance(120, List.of(97L, 101L)));

        migrate(jdbc, "latest");

        assertThat(new PublisherPosition(jdbc).current()).as("96 published; 97 had not committed when read").isEqualTo(96);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event_store.token_entry", Integer.class)).isZero();
    }

    @Test
    void aTokenWithoutGapsBecomesItsIndex() {
        JdbcTemplate jdbc = databaseBeforeTheMigration();
        storeToken(jdbc, GapAwareTrackingToken.newInstance(4711, List.of()));

        migrate(jdbc, "latest");

        assertThat(new PublisherPosition(jdbc).current()).isEqualTo(4711);
    }

    @Test
    void withoutATokenThePublisherStartsAtTheBeginningAndARestoreResetsThePosition() {
        JdbcTemplate jdbc = databaseBeforeTheMigration();
        migrate(jdbc, "latest");
        PublisherPosition position = new PublisherPosition(jdbc);
        assertThat(position.current()).isZero();

        position.move(0, 250);
        assertThat(position.current()).isEqualTo(250);
        position.restartFromTheBeginning();
        assertThat(position.current()).isZero();
    }

    private static JdbcTemplate databaseBeforeTheMigration() {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(infrastructure.createDatabase("publisher_v10"),
                infrastructure.username(), infrastructure.password()));
        // the newest migration before V10, whichever that is (another may be added below it)
        String before = Arrays.stream(configuration(jdbc).load().info().all()).map(MigrationInfo::getVersion)
                .filter(version -> version.isNewerThan("0") && !version.isAtLeast("10"))
                .max(MigrationVersion::compareTo).orElseThrow().getVersion();
        migrate(jdbc, before);
        return jdbc;
    }

    /** As Axon's JDBC token store wrote it, with the service's (Jackson) serializer. */
    private static void storeToken(JdbcTemplate jdbc, GapAwareTrackingToken token) {
        SerializedObject<byte[]> serialized = JacksonSerializer.defaultSerializer().serialize(token, byte[].class);
        jdbc.update("INSERT INTO event_store.token_entry (processorName, segment, token, tokenType, timestamp, owner)"
                        + " VALUES (?, 0, ?, ?, '2026-12-01T00:00:00Z', NULL)", PublisherPosition.PUBLISHER,
                serialized.getData(), serialized.getType().getName());
    }

    private static void migrate(JdbcTemplate jdbc, String target) {
        configuration(jdbc).target(target).load().migrate();
    }

    private static FluentConfiguration configuration(JdbcTemplate jdbc) {
        return Flyway.configure().dataSource(jdbc.getDataSource()).schemas("event_store", "key_vault")
                .defaultSchema("event_store").locations("classpath:db/migration", "classpath:db/lethe-key-vault");
    }
}
