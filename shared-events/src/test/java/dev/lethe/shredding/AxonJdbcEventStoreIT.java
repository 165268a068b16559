package dev.lethe.shredding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
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
        engine = new SealingEngine(JdbcEventStorageEngine.builder()
                .connectionProvider(new DataSourceConnectionProvider(dataSource))
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer));
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

    @Test
    void refusesAPayloadMovedIntoAnotherEventsRow() throws SQLException {
        String customer = UUID.randomUUID().toString();
        engine.appendEvents(List.of(event(customer, 0, SampleEvents.customerRegistered(customer)),
                event(customer, 1, SampleEvents.contactDetailsChanged(customer)),
                event(customer, 2, SampleEvents.contactDetailsChanged(customer))));
        assertThat(payloads(customer)).hasSize(3);

        // whole payload of the older change written over the later one's row
        sql("UPDATE domainevententry SET payload = (SELECT payload FROM domainevententry"
                + " WHERE aggregateidentifier = ? AND sequencenumber = 1)"
                + " WHERE aggregateidentifier = ? AND sequencenumber = 2", customer, customer);

        // Axon wraps what the serializer throws, naming the message id only
        assertThatThrownBy(() -> payloads(customer))
                .cause().isInstanceOf(PersonalDataIntegrityException.class).hasMessageContaining("another event");
        assertThatThrownBy(() -> engine.readEvents(engine.createTailToken(), false)
                .filter(e -> customer.equals(((DomainEventMessage<?>) e).getAggregateIdentifier()))
                .map(e -> (Object) e.getPayload()).toList())
                .as("the tracking read, which the event publisher uses")
                .cause().isInstanceOf(PersonalDataIntegrityException.class);
    }

    private static void sql(String statement, String... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             java.sql.PreparedStatement prepared = connection.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                prepared.setString(i + 1, parameters[i]);
            }
            assertThat(prepared.executeUpdate()).isEqualTo(1);
        }
    }

    /** Seals payloads for their events and reads them back bound to their rows, as the command service's does. */
    private static final class SealingEngine extends JdbcEventStorageEngine {
        SealingEngine(Builder builder) {
            super(builder);
        }

        @Override
        protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
            EventSealing.sealPayloads(events, serializer, byte[].class);
            super.appendEvents(events, serializer);
        }

        @Override
        protected DomainEventData<?> getDomainEventData(ResultSet resultSet) throws SQLException {
            return EventSealing.bound(super.getDomainEventData(resultSet));
        }

        @Override
        protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
                throws SQLException {
            return EventSealing.bound(super.getTrackedEventData(resultSet, previousToken));
        }
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
