package dev.lethe.query.customerview;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.contract.Personal;
import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.contract.customer.PostalAddress;
import dev.lethe.localstack.TestInfrastructure;
import dev.lethe.query.support.Tokens;
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
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The query service alone against the real broker and database, fed with events exactly as the command
 * service publishes them: encrypted with the person's key from the shared key vault, metadata in headers.
 * One topic with one partition, so that an event that has been applied proves every earlier one has been.
 * Subclasses share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
abstract class CustomerViewTestBase {

    static final String EVENTS = "lethe.events." + UUID.randomUUID().toString().substring(0, 8);
    static final String DATABASE_URL = TestInfrastructure.shared().createDatabase("query");
    static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong GLOBAL_SEQUENCE = new AtomicLong();
    private static final Map<String, AtomicLong> AGGREGATE_SEQUENCES = new ConcurrentHashMap<>();
    private static final KafkaProducer<String, byte[]> PRODUCER = producerAndSchema();

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
    @Autowired
    ViewCipher viewCipher;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        registry.add("spring.datasource.url", () -> DATABASE_URL);
        registry.add("spring.datasource.username", infrastructure::username);
        registry.add("spring.datasource.password", infrastructure::password);
        registry.add("spring.kafka.bootstrap-servers", infrastructure::bootstrapServers);
        registry.add("lethe.topics.events", () -> EVENTS);
    }

    private static KafkaProducer<String, byte[]> producerAndSchema() {
        // in a deployment the command service owns the key vault schema and the topic; here they are created
        // the same way
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        Flyway.configure().dataSource(DATABASE_URL, infrastructure.username(), infrastructure.password())
                .schemas("key_vault").locations("classpath:db/lethe-key-vault").table("key_vault_schema_history")
                .load().migrate();
        try (var admin = Admin.create(Map.of("bootstrap.servers", infrastructure.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(EVENTS, 1, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    static CustomerRegistered registered(String id, String source, String reference, String name, String email,
                                         String phone) {
        return new CustomerRegistered(id, source, Personal.of(reference), "order-fulfilment", Personal.of(name),
                Personal.ofNullable(email), Personal.ofNullable(phone),
                Personal.of(new PostalAddress("Hauptstr. 1", "10115", "Berlin", "DE")), null);
    }

    Sent publish(String customerId, Object event) {
        return publish(customerId, event, Instant.now());
    }

    /** Publishes the customer's next event, as the command service would: its own next aggregate sequence. */
    Sent publish(String customerId, Object event, Instant timestamp) {
        Sent sent = next(customerId, event, timestamp);
        send(sent);
        return sent;
    }

    private Sent next(String customerId, Object event, Instant timestamp) {
        long aggregateSequence = AGGREGATE_SEQUENCES.computeIfAbsent(customerId, id -> new AtomicLong())
                .getAndIncrement();
        String eventId = UUID.randomUUID().toString();
        return new Sent(customerId, event.getClass().getName(), codec.encrypt(event, eventId), eventId,
                GLOBAL_SEQUENCE.incrementAndGet(), aggregateSequence, timestamp);
    }

    /** The same record again, as after a publisher crash or a redelivery: same id, sequences and bytes. */
    void resend(Sent sent) {
        send(sent);
    }

    static void send(Sent sent) {
        try {
            PRODUCER.send(record(sent)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes the customer's next event without waiting for the broker; {@link #flush} waits for all. */
    Sent publishAsync(String customerId, Object event, Instant timestamp) {
        Sent sent = next(customerId, event, timestamp);
        PRODUCER.send(record(sent));
        return sent;
    }

    static void flush() {
        PRODUCER.flush();
    }

    /** The record as a consumer receives it. */
    static ConsumerRecord<String, byte[]> consumed(Sent sent, long offset) {
        ProducerRecord<String, byte[]> record = record(sent);
        return new ConsumerRecord<>(EVENTS, 0, offset, sent.timestamp().toEpochMilli(), TimestampType.CREATE_TIME,
                -1, sent.stored().length, record.key(), record.value(), record.headers(), Optional.empty());
    }

    private static ProducerRecord<String, byte[]> record(Sent sent) {
        var record = new ProducerRecord<>(EVENTS, sent.customerId(), sent.stored());
        record.headers()
                .add("lethe.event.type", bytes(sent.type()))
                .add("lethe.event.revision", bytes("1"))
                .add("lethe.event.id", bytes(sent.eventId()))
                .add("lethe.event.global-sequence", bytes(String.valueOf(sent.globalSequence())))
                .add("lethe.event.aggregate-sequence", bytes(String.valueOf(sent.aggregateSequence())))
                .add("lethe.event.timestamp", bytes(sent.timestamp().toString()))
                .add("lethe.source", bytes("webshop"))
                .add("lethe.actor", bytes("agent-17"));
        return record;
    }

    /** One published event: what its record carried. */
    record Sent(String customerId, String type, byte[] stored, String eventId, long globalSequence,
                long aggregateSequence, Instant timestamp) {
    }

    /** Publishes a registration of a throw-away customer and waits for it: everything before it is applied. */
    void awaitAllApplied() throws Exception {
        String marker = UUID.randomUUID().toString();
        publish(marker, registered(marker, "marker", "m-1", "Marker", null, null));
        awaitStatus(marker, 200);
    }

    void destroyKey(String customerId) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            keyVault.destroy(customerId, connection);
            connection.commit();
        }
    }

    JsonNode awaitStatus(String id, int status) throws Exception {
        HttpResponse<String> response = await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/customers/" + id),
                r -> r.statusCode() == status);
        return JSON.readTree(response.body());
    }

    JsonNode customer(String id) throws Exception {
        return JSON.readTree(get("/api/customers/" + id).body());
    }

    HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", Tokens.bearer(Tokens.forPath(path))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .header("Authorization", Tokens.bearer(Tokens.forPath(path)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One projection's entry of {@code GET /api/operations/projections}. */
    JsonNode projectionStatus(String name) throws Exception {
        for (JsonNode projection : JSON.readTree(get("/api/operations/projections").body())) {
            if (name.equals(projection.path("name").asText())) {
                return projection;
            }
        }
        throw new AssertionError("no projection " + name);
    }

    /**
     * Every row of every view table, in a fixed order, as text, its encrypted columns decrypted (a ciphertext differs
     * on every write by its nonce; what it holds must not).
     */
    String dumpViewTables() {
        return dump(true);
    }

    /** Every row of every view table as the database holds it, bytea as hex. */
    String rawViewTables() {
        return dump(false);
    }

    /** Every row of every view table that belongs to one of the customers, decrypted as {@link #dumpViewTables()}. */
    String dumpViewTables(Collection<String> customerIds) {
        return dump(true, customerIds.toArray(String[]::new));
    }

    private String dump(boolean decrypted) {
        return dump(decrypted, null);
    }

    private String dump(boolean decrypted, String[] customerIds) {
        return CustomerViewRepository.TABLES.stream().map(table -> table + ":\n" + (customerIds == null
                        ? jdbc.queryForList("SELECT t.* FROM query." + table + " t")
                        : jdbc.queryForList("SELECT t.* FROM query." + table + " t WHERE t.customer_id = ANY (?)",
                        (Object) customerIds)).stream()
                .map(row -> row.entrySet().stream().map(column -> column.getKey() + "="
                                + (decrypted ? decrypted(table, column.getKey(), row) : text(column.getValue())))
                        .collect(Collectors.joining(", ")))
                .sorted()
                .collect(Collectors.joining("\n"))).collect(Collectors.joining("\n\n"));
    }

    private String decrypted(String table, String column, Map<String, Object> row) {
        return EncryptedColumn.of(table).stream().filter(encrypted -> encrypted.column().equals(column)).findFirst()
                .map(encrypted -> {
                    String customerId = (String) row.get("customer_id");
                    try {
                        return "decrypted:" + viewCipher.keysFor(customerId).open(customerId, encrypted,
                                (byte[]) row.get(column), encrypted.rowKey().stream()
                                        .map(key -> String.valueOf(row.get(key))).toArray(String[]::new));
                    } catch (ViewNotAuthentic e) {
                        return "NOT-AUTHENTIC";
                    }
                })
                .orElseGet(() -> text(row.get(column)));
    }

    /** Rows of any view table that belong to the customer. */
    long rowsOf(String customerId) {
        return CustomerViewRepository.TABLES.stream().filter(table -> !table.equals("customer_tombstone"))
                .mapToLong(table -> jdbc.queryForObject("SELECT count(*) FROM query." + table
                        + " WHERE customer_id = ?", Long.class, customerId)).sum();
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? java.util.HexFormat.of().formatHex(bytes) : String.valueOf(value);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
