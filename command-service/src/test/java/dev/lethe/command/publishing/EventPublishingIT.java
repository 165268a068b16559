package dev.lethe.command.publishing;

import static dev.lethe.command.support.KafkaTestClient.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.command.support.CommandServiceIntegrationTest;
import dev.lethe.command.support.KafkaTestClient.TopicReader;
import dev.lethe.command.support.TestCommand;
import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.contract.customer.ProcessingRestricted;
import dev.lethe.contract.customer.RestrictProcessing;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class EventPublishingIT extends CommandServiceIntegrationTest {

    private static final String RESTRICTED = ProcessingRestricted.class.getName();

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CommandGateway gateway;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    EventPublisher publisher;

    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void everyStoredEventReachesTheEventTopicExactlyAsStoredKeyedByCustomer() throws Exception {
        TopicReader results = kafka.read(RESULTS);
        TopicReader events = kafka.read(EVENTS);
        TestCommand register = TestCommand.registerErika("c-" + UUID.randomUUID());
        kafka.send(COMMANDS, "webshop:pub", register.json());
        String customerId = new ObjectMapper().readTree(
                results.await(record -> register.commandId().equals(record.key())).value()).get("customerId").asText();
        TestCommand update = TestCommand.of("UpdateContactDetails").with("customerId", customerId).with("name", "Erika M.");
        kafka.send(COMMANDS, "webshop:pub", update.json());

        List<ConsumerRecord<String, byte[]>> published = events.await(record -> customerId.equals(record.key()), 2);

        List<Map<String, Object>> stored = jdbc.queryForList("SELECT eventIdentifier, globalIndex, payload "
                + "FROM event_store.domain_event_entry WHERE aggregateIdentifier = ? ORDER BY sequenceNumber", customerId);
        assertThat(published).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(published.get(i).value()).isEqualTo((byte[]) stored.get(i).get("payload"));
            assertThat(header(published.get(i), "lethe.event.id")).isEqualTo(stored.get(i).get("eventIdentifier"));
            assertThat(header(published.get(i), "lethe.event.global-sequence"))
                    .isEqualTo(String.valueOf(stored.get(i).get("globalIndex")));
            // personal fields sealed for this very event (docs/crypto-shredding.md §4, format v2)
            JsonNode payload = new ObjectMapper().readTree(published.get(i).value());
            assertThat(payload.get("lethe:eid").asText()).isEqualTo(stored.get(i).get("eventIdentifier"));
            assertThat(payload.get("name").get("lethe:enc").asText()).isEqualTo("v2");
        }
        ConsumerRecord<String, byte[]> registered = published.get(0);
        assertThat(header(registered, "lethe.event.type")).isEqualTo(CustomerRegistered.class.getName());
        assertThat(header(registered, "lethe.event.revision")).isEqualTo("1");
        assertThat(header(registered, "lethe.commandId")).isEqualTo(register.commandId());
        assertThat(header(registered, "lethe.source")).isEqualTo("webshop");
        assertThat(header(registered, "lethe.actor")).isEqualTo("agent-17");
        assertThat(header(published.get(1), "lethe.commandId")).isEqualTo(update.commandId());
    }

    /**
     * Two transactions append an event each; the one holding the lower store position commits last. The publisher
     * reads the store in index order only up to where no transaction is still open (ADR 0006): the higher event waits
     * for the lower one's transaction, the late event is not skipped, and each record carries its own position.
     */
    @Test
    void anEventAboveAnOpenTransactionWaitsForItAndEachCarriesItsOwnStorePosition() throws Exception {
        TopicReader results = kafka.read(RESULTS);
        TopicReader events = kafka.read(EVENTS);
        String lowerCustomer = register(results);
        String higherCustomer = register(results);
        CountDownLatch lowerAppended = new CountDownLatch(1);
        CountDownLatch higherHeldBack = new CountDownLatch(1);

        Future<?> lower = threads.submit(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
            gateway.sendAndWait(new RestrictProcessing(lowerCustomer, "ACCURACY_CONTESTED"));
            lowerAppended.countDown();
            awaitLatch(higherHeldBack);
        }));
        awaitLatch(lowerAppended);
        threads.submit(() -> new TransactionTemplate(transactions).executeWithoutResult(status ->
                gateway.sendAndWait(new RestrictProcessing(higherCustomer, "ACCURACY_CONTESTED"))))
                .get(60, TimeUnit.SECONDS);
        long committed = publisher.rounds();
        await().atMost(Duration.ofSeconds(60)).until(() -> publisher.rounds() >= committed + 5);
        assertThat(events.poll()).as("held back while a transaction below it is open")
                .noneMatch(restrictionOf(higherCustomer)).noneMatch(restrictionOf(lowerCustomer));
        higherHeldBack.countDown();
        lower.get(60, TimeUnit.SECONDS);
        ConsumerRecord<String, byte[]> lowerRecord = events.await(restrictionOf(lowerCustomer));
        ConsumerRecord<String, byte[]> higherRecord = events.await(restrictionOf(higherCustomer));

        long lowerIndex = globalIndexOf(header(lowerRecord, "lethe.event.id"));
        long higherIndex = globalIndexOf(header(higherRecord, "lethe.event.id"));
        assertThat(lowerIndex).as("the later commit holds the lower store position").isLessThan(higherIndex);
        assertThat(header(lowerRecord, "lethe.event.global-sequence")).isEqualTo(String.valueOf(lowerIndex));
        assertThat(header(higherRecord, "lethe.event.global-sequence")).isEqualTo(String.valueOf(higherIndex));
    }

    private String register(TopicReader results) throws Exception {
        TestCommand register = TestCommand.registerErika("c-" + UUID.randomUUID());
        kafka.send(COMMANDS, "webshop:pub", register.json());
        return new ObjectMapper().readTree(results.await(record -> register.commandId().equals(record.key()))
                .value()).get("customerId").asText();
    }

    private static Predicate<ConsumerRecord<String, byte[]>> restrictionOf(String customerId) {
        return record -> customerId.equals(record.key()) && RESTRICTED.equals(header(record, "lethe.event.type"));
    }

    private long globalIndexOf(String eventId) {
        return jdbc.queryForObject("SELECT globalIndex FROM event_store.domain_event_entry WHERE eventIdentifier = ?",
                Long.class, eventId);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(60, TimeUnit.SECONDS)).as("the other transaction's step").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
