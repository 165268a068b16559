package dev.lethe.command.publishing;

import static dev.lethe.command.support.KafkaTestClient.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.command.security.Tokens;
import dev.lethe.command.support.KafkaTestClient;
import dev.lethe.command.support.KafkaTestClient.TopicReader;
import dev.lethe.command.support.TestCommand;
import dev.lethe.contract.customer.LiftRestriction;
import dev.lethe.contract.customer.RestrictProcessing;
import dev.lethe.localstack.LocalKafka;
import dev.lethe.localstack.Ports;
import dev.lethe.localstack.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The broker dies while events are being stored; nothing stored may be missing from {@code lethe.events} once it
 * is back. The service runs against a broker of this test's own (a persistent data directory and a fixed port, so
 * that it can be killed and started again as the same broker) and a database of its own; events are appended
 * through the command gateway, since the ingress cannot consume while the broker is down.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PublisherBrokerOutageIT {

    private static final int CUSTOMERS = 4;
    private static final int EVENTS_PER_CUSTOMER_WHILE_DOWN = 6;
    private static final Duration BROKER_DEADLINE = Duration.ofSeconds(180);

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path KAFKA_DIRECTORY = temporaryDirectory();
    private static final LocalKafka.Options KAFKA = LocalKafka.Options.persistent(
            KAFKA_DIRECTORY, Ports.freePort(), Ports.freePort());
    private static LocalKafka broker = LocalKafka.start(KAFKA);
    private static final String DATABASE_URL = TestInfrastructure.shared().createDatabase("publisher_outage");

    @Autowired
    CommandGateway gateway;
    @Autowired
    JdbcTemplate jdbc;
    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        registry.add("spring.datasource.url", () -> DATABASE_URL);
        registry.add("spring.datasource.username", infrastructure::username);
        registry.add("spring.datasource.password", infrastructure::password);
        registry.add("spring.kafka.bootstrap-servers", () -> "localhost:" + KAFKA.port());
        // a failed batch within seconds rather than a minute, and sends that do not block on a dead broker
        registry.add("lethe.publishing.ack-timeout", () -> "5s");
        registry.add("spring.kafka.producer.properties.max.block.ms", () -> "5000");
        registry.add("spring.kafka.producer.properties.delivery.timeout.ms", () -> "10000");
        registry.add("spring.kafka.producer.properties.request.timeout.ms", () -> "4000");
        registry.add("lethe.retention.scheduled", () -> "false");
    }

    @AfterAll
    static void stopBroker() throws IOException {
        broker.close();
        try (var files = Files.walk(KAFKA_DIRECTORY)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void everyEventStoredWhileTheBrokerWasDeadIsPublishedInOrderOnceItIsBack() throws Exception {
        List<String> customers = new ArrayList<>();
        try (KafkaTestClient kafka = new KafkaTestClient(broker.bootstrapServers())) {
            TopicReader results = kafka.read("lethe.command-results");
            for (int i = 0; i < CUSTOMERS; i++) {
                TestCommand register = TestCommand.registerErika("outage-" + UUID.randomUUID());
                kafka.send("lethe.commands", "webshop:outage", register.json());
                customers.add(new ObjectMapper().readTree(results.await(
                        record -> register.commandId().equals(record.key())).value()).get("customerId").asText());
            }
            TopicReader events = kafka.read("lethe.events");
            events.await(record -> customers.contains(record.key()), CUSTOMERS);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> publisherHealth().path("status").asText().equals("UP"));

        // SIGKILL: the broker gets no chance to hand anything over
        ProcessHandle.of(broker.pid()).ifPresent(ProcessHandle::destroyForcibly);
        broker.close();
        for (int round = 0; round < EVENTS_PER_CUSTOMER_WHILE_DOWN; round++) {
            for (String customer : customers) {
                gateway.sendAndWait(round % 2 == 0 ? new RestrictProcessing(customer, "ACCURACY_CONTESTED")
                        : new LiftRestriction(customer));
            }
        }

        JsonNode down = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(this::publisherHealth, state -> state.path("status").asText().equals("DOWN"));
        assertThat(down.path("details").path("error").asText()).isEqualTo("org.springframework.kafka.KafkaException");
        assertThat(down.toString()).doesNotContain("Erika", "example.org", "Mustermann");
        assertThat(lag()).as("events stored while the broker is down are not counted as published")
                .isGreaterThanOrEqualTo(CUSTOMERS * EVENTS_PER_CUSTOMER_WHILE_DOWN);

        broker = LocalKafka.start(KAFKA);

        List<Map<String, Object>> stored = jdbc.queryForList("SELECT eventIdentifier, aggregateIdentifier,"
                + " sequenceNumber FROM event_store.domain_event_entry ORDER BY globalIndex");
        Set<String> storedIds = new HashSet<>();
        Map<String, List<Long>> storedSequences = new LinkedHashMap<>();
        for (Map<String, Object> row : stored) {
            storedIds.add((String) row.get("eventIdentifier"));
            storedSequences.computeIfAbsent((String) row.get("aggregateIdentifier"), key -> new ArrayList<>())
                    .add(((Number) row.get("sequenceNumber")).longValue());
        }
        assertThat(storedSequences.keySet()).containsExactlyInAnyOrderElementsOf(customers);
        storedSequences.values().forEach(sequences ->
                assertThat(sequences.size()).isGreaterThan(EVENTS_PER_CUSTOMER_WHILE_DOWN));
        try (KafkaTestClient kafka = new KafkaTestClient(broker.bootstrapServers())) {
            TopicReader events = kafka.read("lethe.events");
            await().atMost(BROKER_DEADLINE).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(storedIds).as("stored events missing from lethe.events")
                            .isSubsetOf(events.poll().stream().map(record -> header(record, "lethe.event.id")).toList()));
            List<ConsumerRecord<String, byte[]>> published = events.poll();
            // each customer's events in the aggregate's order, repeats of a failed batch aside
            assertThat(firstSequencesPerCustomer(published)).isEqualTo(storedSequences);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> publisherHealth().path("status").asText().equals("UP"));
        await().atMost(Duration.ofSeconds(30)).until(() -> lag() == 0);
    }

    /** Per customer, the aggregate sequence numbers in the order they first appear on the topic. */
    private static Map<String, List<Long>> firstSequencesPerCustomer(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, List<Long>> sequences = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (seen.add(header(record, "lethe.event.id"))) {
                sequences.computeIfAbsent(record.key(), key -> new ArrayList<>())
                        .add(Long.parseLong(header(record, "lethe.event.aggregate-sequence")));
            }
        }
        return sequences;
    }

    /** The health component as an operator sees it over HTTP. */
    private JsonNode publisherHealth() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/health/eventPublisher"))
                .header("Authorization", "Bearer " + Tokens.token("c-operator", "OPERATOR")).build(),
                HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(response.body());
    }

    private double lag() {
        return meters.get("lethe.publisher.lag.events").gauge().value();
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("lethe-outage-kafka-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
