package dev.lethe.command.axon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.command.support.CommandServiceIntegrationTest;
import dev.lethe.command.support.Commands;
import dev.lethe.command.support.TestCommand;
import dev.lethe.contract.customer.RestrictProcessing;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A cached aggregate is served only while its version is the last sequence number in the store. The entry is put
 * here by hand.
 */
class ThreadConfinedCacheIT extends CommandServiceIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CommandGateway gateway;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aCachedStateIsServedWhileTheStoreAgreesAndDroppedOnceAnotherWriterAppended() {
        String customerId = new Commands(kafka, COMMANDS, kafka.read(RESULTS))
                .accepted(TestCommand.registerErika("c-" + UUID.randomUUID()));
        ThreadConfinedCache cache = new ThreadConfinedCache(jdbc, 10);
        AggregateCacheEntry<Probe> entry = entryAtVersion(0);
        cache.put(customerId, entry);

        assertThat((Object) cache.get(customerId)).as("the store's last event is the cached one").isSameAs(entry);

        new TransactionTemplate(transactions).executeWithoutResult(status ->
                gateway.sendAndWait(new RestrictProcessing(customerId, "ACCURACY_CONTESTED")));

        assertThat((Object) cache.get(customerId)).as("an event was appended after the state was cached").isNull();
        assertThat(cache.containsKey(customerId)).as("and the stale state is gone").isFalse();
    }

    private static AggregateCacheEntry<Probe> entryAtVersion(long version) {
        return new AggregateCacheEntry<>(EventSourcedAggregate.reconstruct(new Probe(),
                AnnotatedAggregateMetaModelFactory.inspectAggregate(Probe.class), version, false, null,
                NoSnapshotTriggerDefinition.TRIGGER));
    }

    /** The cache compares versions only; what the aggregate holds does not matter to it. */
    static class Probe {
    }
}
