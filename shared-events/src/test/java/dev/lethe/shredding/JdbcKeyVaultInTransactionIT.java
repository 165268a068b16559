package dev.lethe.shredding;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A key first needed inside the caller's transaction is written in it and cached only after its commit. */
class JdbcKeyVaultInTransactionIT {

    private static final KeyEncryptionKeys KEKS = KeyEncryptionKeys.fromBase64("k1",
            Map.of("k1", Base64.getEncoder().encodeToString(AesGcm.newKey())));

    private static DataSource dataSource;

    @BeforeAll
    static void database() {
        dataSource = VaultDatabase.create();
    }

    @Test
    void aKeyCreatedInACommittedTransactionIsStoredWithItAndThenServed() throws Exception {
        String subject = UUID.randomUUID().toString();
        try (Connection transaction = dataSource.getConnection()) {
            transaction.setAutoCommit(false);
            ManualTransaction binding = new ManualTransaction(transaction);
            JdbcKeyVault vault = new JdbcKeyVault(dataSource, KEKS, Duration.ofMinutes(5), 100, binding);

            DataKey key = vault.dataKeyFor(subject);

            assertThat(committedKeyCount(subject)).as("not visible before the caller commits").isZero();
            transaction.commit();
            binding.committed();
            assertThat(committedKeyCount(subject)).isEqualTo(1);
            assertThat(vault.existingDataKey(subject)).map(DataKey::keyId).contains(key.keyId());
        }
    }

    @Test
    void aKeyCreatedInARolledBackTransactionIsNeverServedAgain() throws Exception {
        String subject = UUID.randomUUID().toString();
        try (Connection transaction = dataSource.getConnection()) {
            transaction.setAutoCommit(false);
            ManualTransaction binding = new ManualTransaction(transaction);
            JdbcKeyVault vault = new JdbcKeyVault(dataSource, KEKS, Duration.ofMinutes(5), 100, binding);
            DataKey rolledBack = vault.dataKeyFor(subject);

            transaction.rollback();
            binding.rolledBack();

            assertThat(committedKeyCount(subject)).isZero();
            assertThat(vault.existingDataKey(subject)).isEmpty();
            DataKey fresh = new JdbcKeyVault(dataSource, KEKS, Duration.ofMinutes(5)).dataKeyFor(subject);
            assertThat(fresh.keyId()).isNotEqualTo(rolledBack.keyId());
        }
    }

    private static long committedKeyCount(String subject) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM key_vault.data_key WHERE subject_id = ?")) {
            statement.setString(1, subject);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
