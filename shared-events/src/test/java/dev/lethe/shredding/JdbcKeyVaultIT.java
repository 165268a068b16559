package dev.lethe.shredding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.contract.customer.CustomerRegistered;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.axonframework.serialization.SerializedObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JdbcKeyVaultIT {

    private static final String KEK_1 = Base64.getEncoder().encodeToString(AesGcm.newKey());
    private static final String KEK_2 = Base64.getEncoder().encodeToString(AesGcm.newKey());
    private static final KeyEncryptionKeys KEKS = KeyEncryptionKeys.fromBase64("k1", Map.of("k1", KEK_1));

    private static DataSource dataSource;

    private final JdbcKeyVault vault = new JdbcKeyVault(dataSource, KEKS, Duration.ofMinutes(5));
    private final ShreddingSerializer serializer = ShreddingSerializer.create(vault);

    @BeforeAll
    static void database() {
        dataSource = VaultDatabase.create();
    }

    static Iterable<Object> events() {
        return SampleEvents.all();
    }

    private static String newSubject() {
        return UUID.randomUUID().toString();
    }

    @ParameterizedTest
    @MethodSource("events")
    void everyEventRoundTripsThroughTheSerializerWithNoPlaintextStored(Object event) {
        SerializedObject<byte[]> stored = sealed(serializer, event);

        assertThat((Object) ShreddingSerializer.create(newVault(KEKS)).deserialize(stored)).isEqualTo(event);
        PlaintextSearch.assertAbsent(stored.getData(), SampleEvents.PERSONAL_VALUES);
    }

    @Test
    void afterACommittedDestroyTheSameBytesReadErasedWithEverythingElseIntact() throws SQLException {
        String subject = newSubject();
        SerializedObject<byte[]> stored = sealed(serializer, SampleEvents.customerRegistered(subject));
        JdbcKeyVault otherJvm = newVault(KEKS);
        assertThat(vault.existingDataKey(subject)).isPresent();
        assertThat(otherJvm.existingDataKey(subject)).isPresent();

        try (Connection transaction = dataSource.getConnection()) {
            transaction.setAutoCommit(false);
            vault.destroy(subject, transaction);
            transaction.commit();
        }

        CustomerRegistered read = serializer.deserialize(stored);
        assertThat(List.of(read.sourceCustomerId(), read.name(), read.email(), read.phone(), read.postalAddress(),
                read.birthDate())).allSatisfy(value -> assertThat(value.isErased()).isTrue());
        assertThat(read.customerId()).isEqualTo(subject);
        assertThat(read.source()).isEqualTo("crm");
        assertThat(read.purpose()).isEqualTo("marketing");
        assertThat(vault.existingDataKey(subject)).isEmpty();
        otherJvm.evict(subject);
        assertThat(otherJvm.existingDataKey(subject)).isEmpty();
        assertThatThrownBy(() -> vault.dataKeyFor(subject)).isInstanceOf(SubjectErasedException.class);
        assertThat(count("SELECT count(*) FROM key_vault.destroyed_key WHERE subject_id = '" + subject
                + "' AND key_id IS NOT NULL")).isEqualTo(1);
    }

    @Test
    void afterARolledBackDestroyTheKeyStillWorks() throws SQLException {
        String subject = newSubject();
        CustomerRegistered event = SampleEvents.customerRegistered(subject);
        SerializedObject<byte[]> stored = sealed(serializer, event);

        try (Connection transaction = dataSource.getConnection()) {
            transaction.setAutoCommit(false);
            vault.destroy(subject, transaction);
            transaction.rollback();
        }

        assertThat((Object) serializer.deserialize(stored)).isEqualTo(event);
        assertThat(vault.dataKeyFor(subject)).isNotNull();
        assertThat(count("SELECT count(*) FROM key_vault.destroyed_key WHERE subject_id = '" + subject + "'"))
                .isZero();
    }

    @Test
    void aKeyReadWhileItsDestroyIsUncommittedIsNotServedAfterTheCommit() throws SQLException {
        String subject = newSubject();
        vault.dataKeyFor(subject);

        try (Connection transaction = dataSource.getConnection()) {
            transaction.setAutoCommit(false);
            vault.destroy(subject, transaction);
            // before the commit the key still exists for everyone else
            assertThat(vault.existingDataKey(subject)).isPresent();
            transaction.commit();
        }

        assertThat(vault.existingDataKey(subject)).isEmpty();
    }

    @Test
    void destroyingASubjectThatNeverHadAKeyRecordsTheErasure() throws SQLException {
        String subject = newSubject();

        try (Connection transaction = dataSource.getConnection()) {
            vault.destroy(subject, transaction);
            vault.destroy(subject, transaction);
        }

        assertThat(count("SELECT count(*) FROM key_vault.destroyed_key WHERE subject_id = '" + subject
                + "' AND key_id IS NULL")).isEqualTo(1);
        assertThatThrownBy(() -> vault.dataKeyFor(subject)).isInstanceOf(SubjectErasedException.class);
    }

    @Test
    void concurrentFirstUseEndsWithOneKey() throws Exception {
        String subject = newSubject();
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<DataKey>> keys = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                JdbcKeyVault ownVault = newVault(KEKS);
                keys.add(pool.submit(() -> {
                    start.await();
                    return ownVault.dataKeyFor(subject);
                }));
            }
            Set<String> keyIds = new java.util.HashSet<>();
            for (Future<DataKey> key : keys) {
                keyIds.add(key.get().keyId());
            }

            assertThat(keyIds).hasSize(1);
            assertThat(count("SELECT count(*) FROM key_vault.data_key WHERE subject_id = '" + subject + "'"))
                    .isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void readsWorkBeforeAndAfterRewrappingToANewKekAndRetiringTheOldOne() throws SQLException {
        Map<String, SerializedObject<byte[]>> stored = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            String subject = newSubject();
            stored.put(subject, sealed(serializer, SampleEvents.customerRegistered(subject)));
        }
        Map<String, String> keyIds = new HashMap<>();
        // more than one re-wrap batch
        for (int i = 0; i < 510; i++) {
            DataKey key = vault.dataKeyFor(newSubject());
            keyIds.put(key.subjectId(), key.keyId());
        }
        KeyEncryptionKeys rotating = KeyEncryptionKeys.fromBase64("k2", Map.of("k1", KEK_1, "k2", KEK_2));
        KeyEncryptionKeys retired = KeyEncryptionKeys.fromBase64("k2", Map.of("k2", KEK_2));
        String sample = stored.keySet().iterator().next();
        assertThat((Object) ShreddingSerializer.create(newVault(rotating)).deserialize(stored.get(sample)))
                .isEqualTo(SampleEvents.customerRegistered(sample));

        int rewrapped = newVault(rotating).rewrap("k2");

        assertThat(rewrapped).isGreaterThanOrEqualTo(513);
        assertThat(count("SELECT count(*) FROM key_vault.data_key WHERE kek_id <> 'k2'")).isZero();
        ShreddingSerializer afterRetirement = ShreddingSerializer.create(newVault(retired));
        stored.forEach((subject, bytes) -> assertThat((Object) afterRetirement.deserialize(bytes))
                .isEqualTo(SampleEvents.customerRegistered(subject)));
        JdbcKeyVault retiredVault = newVault(retired);
        keyIds.forEach((subject, keyId) ->
                assertThat(retiredVault.existingDataKey(subject)).get().extracting(DataKey::keyId).isEqualTo(keyId));
        assertThat(newVault(rotating).rewrap("k2")).isZero();
        assertThatThrownBy(() -> newVault(KEKS).existingDataKey(sample))
                .isInstanceOf(KeyVaultException.class).hasMessageContaining("'k2' is not configured");
    }

    @Test
    void aRotationMakesTheNewKekCurrentWhileAReaderWithBothKeksReadsThroughout() throws SQLException {
        // as both services are configured during a rotation: the new KEK added, the old one still current
        KeyEncryptionKeys both = KeyEncryptionKeys.fromBase64("k1", Map.of("k1", KEK_1, "k2", KEK_2));
        JdbcKeyVault commandSide = newVault(both);
        String subject = newSubject();
        SerializedObject<byte[]> stored =
                sealed(ShreddingSerializer.create(commandSide), SampleEvents.customerRegistered(subject));
        ShreddingSerializer querySide = ShreddingSerializer.create(newVault(both));
        assertThat((Object) querySide.deserialize(stored)).isEqualTo(SampleEvents.customerRegistered(subject));

        commandSide.rewrap("k2");
        String newcomer = newSubject();
        commandSide.dataKeyFor(newcomer);

        assertThat(commandSide.currentKekId()).isEqualTo("k2");
        assertThat(count("SELECT count(*) FROM key_vault.data_key WHERE subject_id = '" + newcomer
                + "' AND kek_id = 'k2'")).isOne();
        assertThat(commandSide.keysByKek()).doesNotContainKey("k1").containsKey("k2");
        assertThat((Object) querySide.deserialize(stored)).isEqualTo(SampleEvents.customerRegistered(subject));
        assertThat((Object) ShreddingSerializer.create(newVault(both)).deserialize(stored))
                .isEqualTo(SampleEvents.customerRegistered(subject));
    }

    @Test
    void aVaultToldOfAnErasureElsewhereStopsServingItsCachedKey() throws SQLException {
        String subject = newSubject();
        vault.dataKeyFor(subject);
        JdbcKeyVault otherJvm = newVault(KEKS);
        assertThat(otherJvm.existingDataKey(subject)).isPresent();
        try (Connection transaction = dataSource.getConnection()) {
            transaction.setAutoCommit(false);
            vault.destroy(subject, transaction);
            transaction.commit();
        }
        assertThat(otherJvm.existingDataKey(subject)).as("positive control: still cached").isPresent();

        otherJvm.erasedElsewhere(subject);

        assertThat(otherJvm.existingDataKey(subject)).isEmpty();
    }

    @Test
    void theVaultHoldsOnlyWrappedKeys() throws SQLException {
        String subject = newSubject();
        DataKey key = vault.dataKeyFor(subject);

        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT kek_id, wrapped_key FROM key_vault.data_key"
                     + " WHERE subject_id = '" + subject + "'")) {
            row.next();
            assertThat(row.getString(1)).isEqualTo("k1");
            assertThat(row.getBytes(2)).hasSize(60).isNotEqualTo(key.secretKey().getEncoded());
        }
        assertThat(key.toString()).doesNotContain(Base64.getEncoder().encodeToString(key.secretKey().getEncoded()));
    }

    private static JdbcKeyVault newVault(KeyEncryptionKeys keks) {
        return new JdbcKeyVault(dataSource, keks, Duration.ofMinutes(5));
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    /** As the event store writes it: sealed for an event of its own. */
    private static SerializedObject<byte[]> sealed(ShreddingSerializer serializer, Object event) {
        return EventSealing.sealingFor(UUID.randomUUID().toString(), () -> serializer.serialize(event, byte[].class));
    }
}
