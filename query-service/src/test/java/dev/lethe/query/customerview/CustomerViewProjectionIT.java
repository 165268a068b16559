package dev.lethe.query.customerview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.contract.Personal;
import dev.lethe.contract.consent.ConsentGranted;
import dev.lethe.contract.customer.ContactDetailsChanged;
import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.contract.customer.ErasureReason;
import dev.lethe.contract.customer.PostalAddress;
import dev.lethe.localstack.TestInfrastructure;
import dev.lethe.shredding.KeyVault;
import dev.lethe.shredding.ShreddingCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The query service alone, fed with events exactly as the command service publishes them: encrypted with
 * the person's key from the shared key vault, metadata in headers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
class CustomerViewProjectionIT {

    private static final String EVENTS = "lethe.events." + UUID.randomUUID().toString().substring(0, 8);
    private static final String DATABASE_URL = TestInfrastructure.shared().createDatabase("query");
    private static final AtomicLong GLOBAL_SEQUENCE = new AtomicLong();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static KafkaProducer<String, byte[]> producer;

    @LocalServerPort
    int port;
    @Autowired
    ShreddingCodec codec;
    @Autowired
    KeyVault keyVault;
    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        registry.add("spring.datasource.url", () -> DATABASE_URL);
        registry.add("spring.datasource.username", infrastructure::username);
        registry.add("spring.datasource.password", infrastructure::password);
        registry.add("spring.kafka.bootstrap-servers", infrastructure::bootstrapServers);
        registry.add("lethe.topics.events", () -> EVENTS);
    }

    @BeforeAll
    static void keyVaultSchemaAndProducer() {
        // in a deployment the command service owns the key vault schema; here it is created the same way
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        Flyway.configure().dataSource(DATABASE_URL, infrastructure.username(), infrastructure.password())
                .schemas("key_vault").locations("classpath:db/lethe-key-vault").table("key_vault_schema_history")
                .load().migrate();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
        // the topic is created by the command service in a deployment
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", infrastructure.bootstrapServers()))) {
            admin.createTopics(java.util.List.of(new org.apache.kafka.clients.admin.NewTopic(EVENTS, 1, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    @Test
    void aRegisteredCustomerAppearsDecryptedInTheGoldenRecord() throws Exception {
        String id = UUID.randomUUID().toString();

        publish(id, erikaRegistered(id));

        JsonNode view = awaitCustomer(id, 200);
        assertThat(view.get("name").asText()).isEqualTo("Erika Mustermann");
        assertThat(view.get("email").asText()).isEqualTo("erika@example.org");
        assertThat(view.get("postalAddress").get("city").asText()).isEqualTo("Berlin");
        assertThat(view.get("sourceRecords").get(0).get("source").asText()).isEqualTo("webshop");
        assertThat(view.get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void laterEventsUpdateTheRecordAndARedeliveredOldEventChangesNothing() throws Exception {
        String id = UUID.randomUUID().toString();
        long registeredAt = publish(id, erikaRegistered(id));
        publish(id, new ContactDetailsChanged(id, "order-fulfilment", null, Personal.of("erika.m@example.org"), null, null, null));
        publish(id, new ConsentGranted(id, "marketing", "email", "v3", Instant.parse("2026-11-28T10:00:00Z")));
        await().atMost(Duration.ofSeconds(30)).until(() -> get(id).body().contains("marketing"));

        // the same registration again, as after a publisher crash: the projection must skip it
        publishAt(id, erikaRegistered(id), registeredAt);
        publish(id, new ContactDetailsChanged(id, "order-fulfilment", Personal.of("Erika M."), null, null, null, null));

        JsonNode view = await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(get(id).body()),
                node -> "Erika M.".equals(node.path("name").asText()));
        assertThat(view.get("email").asText()).isEqualTo("erika.m@example.org");
        assertThat(view.get("consents").get(0).get("granted").asBoolean()).isTrue();
    }

    @Test
    void anErasedCustomerLeavesOnlyATombstone() throws Exception {
        String id = UUID.randomUUID().toString();
        publish(id, erikaRegistered(id));
        awaitCustomer(id, 200);
        destroyKey(id);

        publish(id, new CustomerErased(id, ErasureReason.DATA_SUBJECT_REQUEST, Instant.parse("2026-11-29T09:00:00Z")));

        JsonNode tombstone = awaitCustomer(id, 410);
        assertThat(tombstone.get("reason").asText()).isEqualTo("DATA_SUBJECT_REQUEST");
        assertThat(tombstone.has("name")).isFalse();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM query.customer_view WHERE customer_id = ?", Long.class, id)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM query.customer_source_record WHERE customer_id = ?", Long.class, id)).isZero();
    }

    @Test
    void replayingAnErasedPersonsHistoryFromScratchReadsErasedFieldsAndEndsInTheTombstone() throws Exception {
        String id = UUID.randomUUID().toString();
        Object registered = erikaRegistered(id);
        byte[] storedRegistration = codec.encrypt(registered);
        long registeredAt = publishBytes(id, registered, storedRegistration, GLOBAL_SEQUENCE.incrementAndGet());
        awaitCustomer(id, 200);
        destroyKey(id);
        CustomerErased erased = new CustomerErased(id, ErasureReason.DATA_SUBJECT_REQUEST, Instant.parse("2026-11-29T09:00:00Z"));
        long erasedAt = publish(id, erased);
        awaitCustomer(id, 410);

        // a rebuild: the read model starts empty and reads the same records again, now undecryptable
        jdbc.update("DELETE FROM query.customer_tombstone WHERE customer_id = ?", id);
        publishBytes(id, registered, storedRegistration, registeredAt);
        JsonNode replayed = awaitCustomer(id, 200);
        assertThat(replayed.has("name")).as("an erased name reads as absent, not as data: %s", replayed).isFalse();
        assertThat(replayed.get("sourceRecords").get(0).hasNonNull("sourceCustomerId")).isFalse();
        publishAt(id, erased, erasedAt);

        JsonNode tombstone = awaitCustomer(id, 410);
        assertThat(tombstone.get("reason").asText()).isEqualTo("DATA_SUBJECT_REQUEST");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM query.customer_view WHERE customer_id = ?", Long.class, id)).isZero();
    }

    @Test
    void anUnknownCustomerIsNotFound() throws Exception {
        HttpResponse<String> response = get(UUID.randomUUID().toString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).get("code").asText()).isEqualTo("CUSTOMER_NOT_FOUND");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    private static CustomerRegistered erikaRegistered(String id) {
        return new CustomerRegistered(id, "webshop", Personal.of("c-1042"), "order-fulfilment",
                Personal.of("Erika Mustermann"), Personal.of("erika@example.org"), Personal.of("+49301234567"),
                Personal.of(new PostalAddress("Hauptstr. 1", "10115", "Berlin", "DE")), null);
    }

    private long publish(String customerId, Object event) {
        return publishAt(customerId, event, GLOBAL_SEQUENCE.incrementAndGet());
    }

    private long publishAt(String customerId, Object event, long sequence) {
        return publishBytes(customerId, event, codec.encrypt(event), sequence);
    }

    private long publishBytes(String customerId, Object event, byte[] stored, long sequence) {
        var record = new ProducerRecord<>(EVENTS, customerId, stored);
        record.headers()
                .add("lethe.event.type", bytes(event.getClass().getName()))
                .add("lethe.event.revision", bytes("1"))
                .add("lethe.event.id", bytes(UUID.randomUUID().toString()))
                .add("lethe.event.global-sequence", bytes(String.valueOf(sequence)))
                .add("lethe.event.timestamp", bytes(Instant.now().toString()))
                .add("lethe.source", bytes("webshop"))
                .add("lethe.actor", bytes("agent-17"));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return sequence;
    }

    private void destroyKey(String customerId) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            keyVault.destroy(customerId, connection);
            connection.commit();
        }
    }

    private JsonNode awaitCustomer(String id, int status) throws Exception {
        HttpResponse<String> response = await().atMost(Duration.ofSeconds(30)).until(() -> get(id),
                r -> r.statusCode() == status);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String id) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/customers/" + id)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
