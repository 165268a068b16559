package dev.lethe.command.publishing;

import static org.awaitility.Awaitility.await;

import dev.lethe.command.support.CommandServiceIntegrationTest;
import dev.lethe.contract.customer.ProcessingRestrictionLifted;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The publisher's cost in isolation: concurrent writers append events (4 threads, transactions of 50 events, as
 * batched ingress transactions would), and the publisher is timed until its lag is zero; the database's
 * transactions and index scans over that window, less the writers' own, are the publisher's. Not part of the suite
 * (no IT suffix): {@code mvn -B -o -pl command-service -am verify -Dtest=NoSuchTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=PublisherBenchmark -Dfailsafe.failIfNoSpecifiedTests=false}.
 * The background of the shared test context (the command topic purger) adds a few transactions a second.
 */
class PublisherBenchmark extends CommandServiceIntegrationTest {

    private static final int WRITERS = 4;
    private static final int TRANSACTIONS_PER_WRITER = Integer.getInteger("bench.transactions", 100);
    private static final int EVENTS_PER_TRANSACTION = 50;

    @Autowired
    EventStore eventStore;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    @Test
    void publishConcurrentlyAppendedEvents() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> lag() == 0);
        Map<String, Object> before = statistics();
        long started = System.nanoTime();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            done.add(writers.submit(this::append));
        }
        for (Future<?> writer : done) {
            writer.get();
        }
        writers.shutdown();
        long appended = System.nanoTime();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(10)).until(() -> lag() == 0);
        long published = System.nanoTime();
        Map<String, Object> after = statistics();
        int events = WRITERS * TRANSACTIONS_PER_WRITER * EVENTS_PER_TRANSACTION;
        long writerTransactions = (long) WRITERS * TRANSACTIONS_PER_WRITER;
        System.out.printf("PUBLISHER-BENCH events=%d appendSeconds=%.2f totalSeconds=%.2f eventsPerSecond=%.0f%n",
                events, (appended - started) / 1e9, (published - started) / 1e9, events / ((published - started) / 1e9));
        for (String key : before.keySet()) {
            long delta = ((Number) after.get(key)).longValue() - ((Number) before.get(key)).longValue();
            if (key.equals("xact_commit")) {
                delta -= writerTransactions;
            }
            System.out.printf("PUBLISHER-BENCH %s delta=%d perEvent=%.4f%n", key, delta, (double) delta / events);
        }
    }

    private void append() {
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        for (int t = 0; t < TRANSACTIONS_PER_WRITER; t++) {
            transaction.executeWithoutResult(status -> {
                List<DomainEventMessage<?>> batch = new ArrayList<>(EVENTS_PER_TRANSACTION);
                for (int e = 0; e < EVENTS_PER_TRANSACTION; e++) {
                    String customerId = UUID.randomUUID().toString();
                    batch.add(new GenericDomainEventMessage<>("Customer", customerId, 0,
                            new ProcessingRestrictionLifted(customerId),
                            MetaData.with("commandId", UUID.randomUUID().toString()).and("source", "bench")
                                    .and("actor", "agent-1")));
                }
                eventStore.publish(batch);
            });
        }
    }

    /** Counters of this database; PostgreSQL publishes them with a delay of up to its stats interval. */
    private Map<String, Object> statistics() {
        jdbc.execute("SELECT pg_stat_clear_snapshot()");
        return jdbc.queryForMap("SELECT (SELECT xact_commit + xact_rollback FROM pg_stat_database"
                + " WHERE datname = current_database()) AS xact_commit,"
                + " (SELECT coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = 'domain_event_entry') AS event_idx_scans,"
                + " (SELECT seq_scan FROM pg_stat_user_tables WHERE relname = 'domain_event_entry') AS event_seq_scans,"
                + " (SELECT coalesce(sum(n_tup_upd + n_tup_ins), 0) FROM pg_stat_user_tables WHERE relname IN"
                + " ('token_entry', 'publisher_position')) AS position_writes");
    }

    private double lag() {
        return meters.get("lethe.publisher.lag.events").gauge().value();
    }
}
