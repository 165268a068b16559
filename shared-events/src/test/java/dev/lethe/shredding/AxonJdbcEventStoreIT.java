package dev.lethe.shredding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.contract.customer.ContactDetailsChanged;
import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.contract.customer.ErasureReason;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The serializer where it will live: inside Axon's JDBC event store, reading back through its upcaster path. */
class AxonJdbcEventStoreIT {

    private static DataSource dataSource;
    private static JdbcKeyVault vault;
    private static JdbcEventStorageEngine engine;

    @BeforeAll
    static void eventStore() {
        dataSource = VaultDatabase.create();
        vault = new JdbcKeyVault(dataSource, KeyEncryptionKeys.of("k1", Map.of("k1", AesGcm.newKey())),
                Duration.ofMinutes(5));
        ShreddingSerializer serializer = ShreddingSerializer.create(vault);
        engine = JdbcEventStorageEngine.builder()
                .connectionProvider(new DataSourceConnectionProvider(dataSource))
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .build();
        engine.createSchema(PostgresEventTableFactory.INSTANCE);
    }

    @Test
    void storesCiphertextReadsPlaintextAndReadsErasedAfterTheKeyIsDestroyed() throws SQLException {
        String customer = UUID.randomUUID().toString();
        CustomerRegistered registered = SampleEvents.customerRegistered(customer);
        ContactDetailsChanged changed = SampleEvents.contactDetailsChanged(customer);
        engine.appendEvents(List.of(event(customer, 0, registered), event(customer, 1, changed)));

        assertThat(payloads(customer)).containsExactly(registered, changed);
        PlaintextSearch.assertAbsent(storedPayloadBytes(), SampleEvents.PERSONAL_VALUES);

        try (Connection transaction = dataSource.getConnection()) {
            transaction.setAutoCommit(false);
            vault.destroy(customer, transaction);
            transaction.commit();
        }
        engine.appendEvents(List.of(event(customer, 2,
                new CustomerErased(customer, ErasureReason.DATA_SUBJECT_REQUEST, Instant.now()))));

        List<Object> afterErasure = payloads(customer);
        CustomerRegistered erased = (CustomerRegistered) afterErasure.get(0);
        assertThat(erased.email().isErased()).isTrue();
        assertThat(erased.postalAddress().isErased()).isTrue();
        assertThat(erased.source()).isEqualTo("crm");
        assertThat(((ContactDetailsChanged) afterErasure.get(1)).name().isErased()).isTrue();
        assertThat(afterErasure.get(2)).isInstanceOf(CustomerErased.class);
    }

    private static DomainEventMessage<?> event(String customer, long sequence, Object payload) {
        return new GenericDomainEventMessage<>("Customer", customer, sequence, payload,
                MetaData.with("correlationId", "c-" + sequence));
    }

    private static List<Object> payloads(String customer) {
        return engine.readEvents(customer).asStream().map(DomainEventMessage::getPayload).map(Object.class::cast)
                .toList();
    }

    private static byte[] storedPayloadBytes() throws SQLException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT payload, metadata FROM domainevententry")) {
            while (rows.next()) {
                all.writeBytes(rows.getBytes(1));
                all.writeBytes(rows.getBytes(2));
            }
        }
        return all.toByteArray();
    }
}
