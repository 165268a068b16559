package dev.lethe.shredding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two "JVMs" (vaults with their own caches and listeners) on one database, caches living an hour. */
class ErasureListenerIT {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final DataSource dataSource = VaultDatabase.create();
    private final KeyEncryptionKeys keks = KeyEncryptionKeys.of("k1", Map.of("k1", AesGcm.newKey()));
    private final JdbcKeyVault eraser = new JdbcKeyVault(dataSource, keks, HOUR);
    private final JdbcKeyVault reader = new JdbcKeyVault(dataSource, keks, HOUR);
    private ErasureListener erasersListener;
    private ErasureListener readersListener;

    @BeforeEach
    void listen() {
        erasersListener = new ErasureListener(dataSource, eraser);
        readersListener = new ErasureListener(dataSource, reader);
        erasersListener.start();
        readersListener.start();
        await().atMost(DEADLINE).until(() -> erasersListener.isListening() && readersListener.isListening());
    }

    @AfterEach
    void stop() {
        erasersListener.close();
        readersListener.close();
    }

    @Test
    void anErasureCommittedByOneJvmEmptiesTheOthersCacheWithinOneSecond() throws SQLException {
        String subject = UUID.randomUUID().toString();
        String control = UUID.randomUUID().toString();
        eraser.dataKeyFor(subject);
        eraser.dataKeyFor(control);
        assertThat(reader.existingDataKey(subject)).isPresent();
        assertThat(reader.existingDataKey(control)).isPresent();
        // positive control: a key deleted without the vault's statement stays in the other cache (TTL one hour)
        execute("DELETE FROM key_vault.data_key WHERE subject_id = ?", control);
        assertThat(reader.existingDataKey(control)).as("served from the cache").isPresent();

        try (Connection transaction = dataSource.getConnection()) {
            transaction.setAutoCommit(false);
            eraser.destroy(subject, transaction);
            assertThat(reader.existingDataKey(subject)).as("not yet committed").isPresent();
            transaction.commit();
        }
        long committed = System.nanoTime();

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5))
                .until(() -> reader.existingDataKey(subject).isEmpty());
        long millis = Duration.ofNanos(System.nanoTime() - committed).toMillis();
        System.out.println("erasure reached the other JVM's cache in " + millis + " ms");
        assertThat(eraser.existingDataKey(subject)).isEmpty();
        assertThat(reader.existingDataKey(control)).as("no other key dropped").isPresent();
    }

    @Test
    void aRolledBackErasureDropsNothingElsewhere() throws SQLException {
        String subject = UUID.randomUUID().toString();
        eraser.dataKeyFor(subject);
        assertThat(reader.existingDataKey(subject)).isPresent();
        // deleted without notice: only a notification could empty the reader's cache now
        try (Connection transaction = dataSource.getConnection()) {
            transaction.setAutoCommit(false);
            eraser.destroy(subject, transaction);
            transaction.rollback();
        }
        String marker = UUID.randomUUID().toString();
        eraser.dataKeyFor(marker);
        assertThat(reader.existingDataKey(marker)).isPresent();
        execute("DELETE FROM key_vault.data_key WHERE subject_id = ?", subject);
        destroyCommitted(marker);

        // the marker's notification came after the rolled-back one would have: once it is heard, nothing else is
        await().atMost(DEADLINE).until(() -> reader.existingDataKey(marker).isEmpty());
        assertThat(reader.existingDataKey(subject)).as("still cached: the rolled-back erasure sent nothing")
                .isPresent();
    }

    @Test
    void aLostListeningSessionClearsTheWholeCache() throws SQLException {
        String missed = UUID.randomUUID().toString();
        String alive = UUID.randomUUID().toString();
        eraser.dataKeyFor(missed);
        eraser.dataKeyFor(alive);
        assertThat(reader.existingDataKey(missed)).isPresent();
        assertThat(reader.existingDataKey(alive)).isPresent();
        // an erasure whose notification this JVM could not have heard: the row gone, nothing sent
        execute("DELETE FROM key_vault.data_key WHERE subject_id = ?", missed);
        assertThat(reader.existingDataKey(missed)).as("positive control: the stale key is served").isPresent();
        long sessionsBefore = readersListener.sessions();

        try (Connection admin = dataSource.getConnection();
             PreparedStatement kill = admin.prepareStatement("SELECT pg_terminate_backend(pid)"
                     + " FROM pg_stat_activity WHERE application_name = ? AND datname = current_database()")) {
            kill.setString(1, ErasureListener.APPLICATION_NAME);
            kill.execute();
        }

        await().atMost(DEADLINE).until(() -> readersListener.sessions() > sessionsBefore
                && readersListener.isListening());
        assertThat(reader.existingDataKey(missed)).as("the whole cache was dropped").isEmpty();
        assertThat(reader.existingDataKey(alive)).isPresent();
        // and after the reconnect erasures are heard again
        destroyCommitted(alive);
        await().atMost(DEADLINE).until(() -> reader.existingDataKey(alive).isEmpty());
    }

    private void destroyCommitted(String subject) throws SQLException {
        try (Connection transaction = dataSource.getConnection()) {
            transaction.setAutoCommit(false);
            eraser.destroy(subject, transaction);
            transaction.commit();
        }
    }

    private void execute(String sql, String parameter) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            statement.executeUpdate();
        }
    }
}
