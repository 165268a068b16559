package dev.lethe.query.customerview;

import static org.awaitility.Awaitility.await;

import dev.lethe.contract.Personal;
import dev.lethe.contract.consent.ConsentGranted;
import dev.lethe.contract.customer.ContactDetailsChanged;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * The customer view's cost per event: SQL statements, round trips and transactions on the listener's threads while
 * it works through a backlog (registration, rectification, consent per customer; the listener stopped while they are
 * published, so that polls are full), then the rebuild's rate. Not part of the suite (no IT suffix); run it on two
 * builds to compare them (docs/performance.md): {@code mvn -B -o -pl query-service -am verify -Dtest=NoSuchTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ViewPipelineCost -Dfailsafe.failIfNoSpecifiedTests=false}.
 */
@Import(ViewPipelineCost.Counting.class)
class ViewPipelineCost extends CustomerViewTestBase {

    private static final int CUSTOMERS = Integer.getInteger("bench.customers", 7_000);
    /** false: the keys stay cached, to see the view's own cost apart from reading keys (-Dbench.evict=false) */
    private static final boolean EVICT = !"false".equals(System.getProperty("bench.evict"));

    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    StatementCounter counter;

    @TestConfiguration(proxyBeanMethods = false)
    static class Counting {

        @Bean
        static StatementCounter statementCounter() {
            return new StatementCounter(CustomerViewProjection.LISTENER_ID);
        }
    }

    @Test
    void costPerEventAndRebuildRate() throws Exception {
        listeners.getListenerContainer(CustomerViewProjection.LISTENER_ID).stop();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            publishAsync(id, registered(id, "webshop", "w-" + i, "Person " + i, "p" + i + "@example.org",
                    "+49 30 555" + i), t);
        }
        for (String id : ids) {
            publishAsync(id, new ContactDetailsChanged(id, "order-fulfilment", Personal.of("Renamed"), null, null,
                    null, null), t.plusSeconds(1));
        }
        for (String id : ids) {
            publishAsync(id, new ConsentGranted(id, "marketing", "web", "v1", t.plusSeconds(2)), t.plusSeconds(2));
        }
        flush();
        int events = 3 * CUSTOMERS;
        // the keys were cached when the events were encrypted in this JVM; the query service would not have them
        evictKeys();
        long[] before = counter.values();
        long start = System.nanoTime();
        listeners.getListenerContainer(CustomerViewProjection.LISTENER_ID).start();
        awaitAll(ids.size());
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] after = counter.values();
        System.out.printf("VIEW-COST incremental: %d events in %.1f s (%.0f events/s); per event %.2f statements, "
                        + "%.3f round trips, %.4f transactions%n", events, seconds, events / seconds,
                (after[0] - before[0]) / (double) events, (after[1] - before[1]) / (double) events,
                (after[2] - before[2]) / (double) events);

        for (int round = 1; round <= 2; round++) {
            evictKeys();
            before = counter.values();
            start = System.nanoTime();
            if (post("/api/operations/projections/customer-view/rebuild", "").statusCode() != 202) {
                throw new AssertionError("rebuild refused");
            }
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM query.customer_view WHERE last_aggregate_sequence = 2", Long.class) < ids.size());
            awaitAll(ids.size());
            seconds = (System.nanoTime() - start) / 1e9;
            after = counter.values();
            System.out.printf("VIEW-COST rebuild %d: %d events in %.2f s (%.0f events/s); per event %.2f statements, "
                            + "%.3f round trips, %.4f transactions%n", round, events, seconds, events / seconds,
                    (after[0] - before[0]) / (double) events, (after[1] - before[1]) / (double) events,
                    (after[2] - before[2]) / (double) events);
        }
    }

    private void evictKeys() {
        if (EVICT) {
            keyVault.evictAll();
        }
    }

    private void awaitAll(int customers) {
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(20)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM query.customer_view WHERE last_aggregate_sequence = 2", Long.class) == customers);
    }
}
