package dev.lethe.shredding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The batch look-ups: a statement per batch, not per subject, with the guarantees of the one-subject forms. */
class JdbcKeyVaultBatchIT {

    private static final String KEK_1 = Base64.getEncoder().encodeToString(AesGcm.newKey());
    private static final String KEK_2 = Base64.getEncoder().encodeToString(AesGcm.newKey());
    private static final KeyEncryptionKeys KEKS = KeyEncryptionKeys.fromBase64("k1", Map.of("k1", KEK_1));

    private static DataSource database;

    private final StatementCounter statements = new StatementCounter(database);
    private final JdbcKeyVault vault = newVault();

    @BeforeAll
    static void database() {
        database = VaultDatabase.create();
    }

    private JdbcKeyVault newVault() {
        return new JdbcKeyVault(statements.dataSource(), KEKS, Duration.ofMinutes(5));
    }

    private static List<String> newSubjects(int count) {
        return IntStream.range(0, count).mapToObj(i -> UUID.randomUUID().toString()).toList();
    }

    @Test
    void createsTheMissingKeysWithOneReadAndOneInsertAndServesThemAfterwardsFromTheCache() throws SQLException {
        List<String> existing = newSubjects(20);
        Map<String, DataKey> before = newVault().dataKeysFor(existing);
        List<String> subjects = new ArrayList<>(newSubjects(80));
        subjects.addAll(existing);
        Collections.shuffle(subjects, new Random(16));
        statements.take();

        Map<String, DataKey> keys = vault.dataKeysFor(subjects);

        assertThat(statements.take()).as("statements for 100 subjects, 80 of them new").isEqualTo(2);
        assertThat(keys.keySet()).containsExactlyElementsOf(subjects);
        existing.forEach(subject -> assertThat(keys.get(subject)).isEqualTo(before.get(subject)));
        assertThat(count("SELECT count(*) FROM key_vault.data_key WHERE subject_id = ANY('{"
                + String.join(",", subjects) + "}')")).isEqualTo(100);
        assertThat(vault.dataKeysFor(subjects)).isEqualTo(keys);
        assertThat(vault.existingDataKeys(subjects)).isEqualTo(keys);
        assertThat(statements.take()).as("statements once cached").isZero();
        subjects.forEach(subject -> assertThat(newVault().dataKeyFor(subject)).isEqualTo(keys.get(subject)));
    }

    @Test
    void readsExistingKeysWithOneStatementAndNeverCreatesOne() throws SQLException {
        List<String> existing = newSubjects(30);
        Map<String, DataKey> created = newVault().dataKeysFor(existing);
        List<String> unknown = newSubjects(5);
        List<String> asked = new ArrayList<>(unknown);
        asked.addAll(existing);
        asked.add(existing.get(0));
        statements.take();

        Map<String, DataKey> keys = vault.existingDataKeys(asked);

        assertThat(statements.take()).isEqualTo(1);
        assertThat(keys).containsExactlyEntriesOf(created);
        assertThat(count("SELECT count(*) FROM key_vault.data_key WHERE subject_id = '" + unknown.get(0) + "'"))
                .isZero();
    }

    @Test
    void anErasedSubjectIsAbsentAndGetsNoNewKey() throws SQLException {
        List<String> subjects = newSubjects(3);
        String erased = subjects.get(1);
        vault.dataKeysFor(subjects);
        destroy(vault, erased);

        assertThat(vault.dataKeysFor(subjects)).containsOnlyKeys(subjects.get(0), subjects.get(2));
        assertThat(newVault().dataKeysFor(subjects)).containsOnlyKeys(subjects.get(0), subjects.get(2));
        assertThat(newVault().existingDataKeys(subjects)).containsOnlyKeys(subjects.get(0), subjects.get(2));
        assertThat(count("SELECT count(*) FROM key_vault.data_key WHERE subject_id = '" + erased + "'")).isZero();
        assertThatThrownBy(() -> newVault().dataKeyFor(erased)).isInstanceOf(SubjectErasedException.class);
    }

    @Test
    void aKeyReadWhileItsDestroyIsUncommittedIsNotCached() throws SQLException {
        String subject = newSubjects(1).get(0);
        newVault().dataKeyFor(subject);
        try (Connection transaction = database.getConnection()) {
            transaction.setAutoCommit(false);
            vault.destroy(subject, transaction);

            assertThat(vault.existingDataKeys(List.of(subject))).as("the delete is not committed yet")
                    .containsOnlyKeys(subject);
            assertThat(vault.dataKeysFor(List.of(subject))).containsOnlyKeys(subject);
            transaction.commit();
        }

        assertThat(vault.existingDataKeys(List.of(subject))).isEmpty();
        assertThat(vault.dataKeysFor(List.of(subject))).isEmpty();
    }

    @RepeatedTest(3)
    void concurrentBatchesWithOverlappingSubjectsEndWithOneKeyEachAndAgreeOnIt() throws Exception {
        List<String> pool = newSubjects(150);
        int callers = 6;
        CyclicBarrier start = new CyclicBarrier(callers);
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Map<String, DataKey>>> answers = new ArrayList<>();
            for (int caller = 0; caller < callers; caller++) {
                List<String> batch = new ArrayList<>(pool.subList(caller * 15, caller * 15 + 75));
                Collections.shuffle(batch, new Random(caller));
                JdbcKeyVault ownVault = newVault();
                answers.add(threads.submit(() -> {
                    start.await();
                    return ownVault.dataKeysFor(batch);
                }));
            }
            Map<String, String> keyIds = new HashMap<>();
            for (Future<Map<String, DataKey>> answer : answers) {
                Map<String, DataKey> keys = answer.get();
                assertThat(keys).hasSize(75);
                keys.forEach((subject, key) -> {
                    String agreed = keyIds.putIfAbsent(subject, key.keyId());
                    assertThat(agreed == null || agreed.equals(key.keyId())).as("one key for %s", subject).isTrue();
                });
            }
            assertThat(count("SELECT count(*) FROM key_vault.data_key WHERE subject_id = ANY('{"
                    + String.join(",", keyIds.keySet()) + "}')")).isEqualTo(keyIds.size());
            keyIds.forEach((subject, keyId) ->
                    assertThat(newVault().existingDataKey(subject)).get().extracting(DataKey::keyId).isEqualTo(keyId));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void inTheCallersTransactionKeysAreWrittenThereAndCachedOnlyAfterItCommits() throws SQLException {
        List<String> committed = newSubjects(10);
        List<String> rolledBack = newSubjects(10);
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            ManualTransaction transaction = new ManualTransaction(statements.counting(connection));
            JdbcKeyVault inTransaction = new JdbcKeyVault(statements.dataSource(), KEKS, Duration.ofMinutes(5), 100,
                    transaction);
            statements.take();

            Map<String, DataKey> keys = inTransaction.dataKeysFor(committed);
            assertThat(statements.take()).isEqualTo(2);
            assertThat(count("SELECT count(*) FROM key_vault.data_key WHERE subject_id = '" + committed.get(0) + "'"))
                    .as("not visible before the caller commits").isZero();
            connection.commit();
            transaction.committed();
            assertThat(inTransaction.existingDataKeys(committed)).isEqualTo(keys);
            assertThat(statements.take()).as("cached after the commit").isZero();

            Map<String, DataKey> lost = inTransaction.dataKeysFor(rolledBack);
            assertThat(inTransaction.existingDataKeys(rolledBack)).as("read in the same transaction").isEqualTo(lost);
            connection.rollback();
            transaction.rolledBack();
            assertThat(newVault().existingDataKeys(rolledBack)).isEmpty();
            Map<String, DataKey> fresh = inTransaction.dataKeysFor(rolledBack);
            connection.commit();
            transaction.committed();
            rolledBack.forEach(subject -> assertThat(fresh.get(subject).keyId()).isNotEqualTo(lost.get(subject).keyId()));
        }
    }

    @Test
    void aBatchFollowsAnotherInstancesKekRotation() throws SQLException {
        KeyEncryptionKeys both = KeyEncryptionKeys.fromBase64("k1", Map.of("k1", KEK_1, "k2", KEK_2));
        DataSource rotated = VaultDatabase.create();
        execute(rotated, "INSERT INTO key_vault.kek_epoch (kek_id, backend, created_at, retired_at)"
                + " VALUES ('k1', 'keyring', now(), now()), ('k2', 'keyring', now(), NULL)");
        List<String> subjects = newSubjects(5);

        JdbcKeyVault ownConnections = new JdbcKeyVault(rotated, both, Duration.ofMinutes(5));
        assertThat(ownConnections.dataKeysFor(subjects)).hasSize(5);
        assertThat(ownConnections.currentKekId()).isEqualTo("k2");
        assertThat(count(rotated, "SELECT count(*) FROM key_vault.data_key WHERE kek_id = 'k2'")).isEqualTo(5);

        try (Connection connection = rotated.getConnection()) {
            connection.setAutoCommit(false);
            JdbcKeyVault inTransaction = new JdbcKeyVault(rotated, both, Duration.ofMinutes(5), 100,
                    new ManualTransaction(connection));
            assertThatThrownBy(() -> inTransaction.dataKeysFor(newSubjects(3)))
                    .as("the caller's transaction is spoilt: it rolls back and retries")
                    .isInstanceOf(KeyVaultException.class);
            connection.rollback();
            assertThat(inTransaction.currentKekId()).isEqualTo("k2");
            assertThat(inTransaction.dataKeysFor(newSubjects(3))).hasSize(3);
            connection.commit();
        }
    }

    private static void destroy(JdbcKeyVault vault, String subject) throws SQLException {
        try (Connection transaction = database.getConnection()) {
            transaction.setAutoCommit(false);
            vault.destroy(subject, transaction);
            transaction.commit();
        }
    }

    private static long count(String sql) throws SQLException {
        return count(database, sql);
    }

    private static long count(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
