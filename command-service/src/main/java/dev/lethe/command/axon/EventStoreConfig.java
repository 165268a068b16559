package dev.lethe.command.axon;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event store, declared here rather than left to Axon's auto-configuration for its gap handling (see
 * {@link #eventStorageEngine}) and the fetch delay. (Since ADR 0006 the event publisher reads the store itself; no
 * tracking processor of this service reads through Axon, so both only matter to one added later.) With Axon's default fetch delay an idle tracking processor that is still reading when a commit's wake-up arrives waits a
 * whole second before it looks again, so about one event in a hundred reached Kafka a second late (view latency
 * p99 ~1 s, docs/performance.md). A short delay bounds that; an idle processor then costs one cheap query per
 * delay. Declaring the store switches off Axon's storage engine too, so it is built here as Axon builds it.
 */
@Configuration(proxyBeanMethods = false)
class EventStoreConfig {

    private static final int MAX_GAP_OFFSET = 1_000_000;

    /**
     * Axon's default wraps this provider in one that rolls the connection back when a unit of work fails. The
     * ingress decides a batch of commands in one transaction with a savepoint per command, so that rollback would
     * undo the whole batch instead of the one rejected command. Spring's transaction manager, which Axon's units
     * of work join, already rolls back what it began; the wrapper adds nothing here.
     */
    @Bean
    ConnectionProvider connectionProvider(DataSource dataSource) {
        return new SpringDataSourceConnectionProvider(dataSource);
    }

    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new JdbcSQLErrorCodesResolver();
    }

    /**
     * Gaps (for Axon's tracking reads; the event publisher's horizon needs none, ADR 0006): a tracking processor
     * remembers sequence numbers it skipped because their transaction had not committed yet, and reads them when
     * they do. Axon forgets such a gap once the processor reads an event older than the
     * gap timeout past it, or once the gap lies more than the max gap offset below the newest event read; an
     * event committed into a forgotten gap is never published. So both are set far beyond what a live transaction
     * can reach: the gap timeout ({@code lethe.publishing.gap-timeout}, default 5 minutes) with every appending
     * transaction bounded to a quarter of it ({@link GapSafeEventStorageEngine}), and the offset to a million
     * sequence numbers (a transaction at that limit would need ~13,000 events/s around it to fall out of it).
     * The price of a long timeout is small: gaps left by rolled-back transactions are carried in the publisher's
     * token a little longer (Axon cleans them up once there are more than 250).
     */
    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer, PersistenceExceptionResolver exceptionResolver,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider, TransactionManager transactionManager,
                                          EventSchema schema,
                                          @Value("${lethe.publishing.gap-timeout:5m}") Duration gapTimeout) {
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(exceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(schema)
                .gapTimeout(Math.toIntExact(gapTimeout.toMillis()))
                .maxGapOffset(MAX_GAP_OFFSET);
        return new GapSafeEventStorageEngine(builder, gapTimeout.dividedBy(4));
    }

    @Bean
    EventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                          @Value("${lethe.publishing.fetch-delay:50ms}") Duration fetchDelay) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(fetchDelay.toMillis())
                .timeUnit(TimeUnit.MILLISECONDS)
                .build();
    }
}
