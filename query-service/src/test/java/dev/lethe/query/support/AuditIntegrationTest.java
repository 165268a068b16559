package dev.lethe.query.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.localstack.Databases;
import dev.lethe.localstack.TestInfrastructure;
import dev.lethe.shredding.JdbcKeyVault;
import dev.lethe.shredding.KeyEncryptionKeys;
import dev.lethe.shredding.LetheObjectMapper;
import dev.lethe.shredding.ShreddingCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The query service running as its own restricted database role ({@value #APP_ROLE}: neither owner nor superuser),
 * Flyway migrating as the owner, fed with events exactly as the command service publishes them: encrypted with the
 * person's key from the shared key vault (written by a vault of the "command side", here the superuser), metadata in
 * headers. One database, topic and application context for every audit and compliance test class.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
public abstract class AuditIntegrationTest {

    public static final String APP_ROLE = "lethe_query";
    protected static final String EVENTS = "lethe.events.audit." + UUID.randomUUID().toString().substring(0, 8);
    protected static final String DATABASE_URL = TestInfrastructure.shared().createDatabase("audit");
    /** Small, so that tests reach checkpoints; a benchmark sets it as deployed (AuditTrailBenchmark). */
    protected static final int CHECKPOINT_EVERY = Integer.getInteger("lethe.test.audit-checkpoint-every", 5);
    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong GLOBAL_SEQUENCE = new AtomicLong();
    private static final Map<String, AtomicLong> AGGREGATE_SEQUENCES = new ConcurrentHashMap<>();
    private static KafkaProducer<String, byte[]> producer;
    private static ShreddingCodec commandSideCodec;
    private static JdbcKeyVault commandSideVault;

    @LocalServerPort
    protected int port;
    @Autowired
    protected DataSource appDataSource;
    @Autowired
    KeyEncryptionKeys keks;

    /** The database superuser: what an attacker with full database access can do, and the DBA. */
    protected static final JdbcTemplate SUPERUSER = new JdbcTemplate(superuserDataSource());

    static {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        Databases.ensureLoginRole(DATABASE_URL, infrastructure.username(), infrastructure.password(), APP_ROLE, APP_ROLE);
        // the command service owns the key vault; the query service may only read it (documented DBA step)
        Flyway.configure().dataSource(DATABASE_URL, infrastructure.username(), infrastructure.password())
                .schemas("key_vault").locations("classpath:db/lethe-key-vault").table("key_vault_schema_history")
                .load().migrate();
        createErasureStepTables(SUPERUSER, APP_ROLE);
        SUPERUSER.execute("GRANT USAGE ON SCHEMA key_vault TO " + APP_ROLE);
        SUPERUSER.execute("GRANT SELECT ON ALL TABLES IN SCHEMA key_vault TO " + APP_ROLE);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infrastructure.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(EVENTS, 1, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The command side's tables the erasure receipt reads (key-encryption-key epochs, command-topic purges), which
     * the command service's migrations create; readable by {@code role} as the run command grants them.
     */
    public static void createErasureStepTables(JdbcTemplate owner, String role) {
        try {
            owner.execute(new String(AuditIntegrationTest.class.getResourceAsStream("/fixtures/erasure-steps-tables.sql")
                    .readAllBytes(), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        owner.execute("GRANT USAGE ON SCHEMA event_store TO " + role);
        owner.execute("GRANT SELECT ON event_store.command_topic_purge TO " + role);
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        registry.add("spring.datasource.url", () -> DATABASE_URL);
        registry.add("spring.datasource.username", () -> APP_ROLE);
        registry.add("spring.datasource.password", () -> APP_ROLE);
        registry.add("spring.flyway.user", infrastructure::username);
        registry.add("spring.flyway.password", infrastructure::password);
        registry.add("spring.kafka.bootstrap-servers", infrastructure::bootstrapServers);
        registry.add("lethe.topics.events", () -> EVENTS);
        registry.add("lethe.audit.checkpoint.every-entries", () -> CHECKPOINT_EVERY);
        // far longer than any test: a read that reports "erased" cannot be the cache entry having expired
        registry.add("lethe.crypto.data-key-cache-ttl", () -> "PT1H");
    }

    @BeforeEach
    void commandSide() {
        if (commandSideCodec == null) {
            commandSideVault = new JdbcKeyVault(superuserDataSource(), keks, Duration.ofMinutes(5));
            commandSideCodec = new ShreddingCodec(LetheObjectMapper.create(), commandSideVault);
        }
    }

    /** Publishes the event as the command service would; returns its event id. */
    protected String publish(String customerId, Object event, Instant occurredAt) {
        long aggregateSequence = AGGREGATE_SEQUENCES.computeIfAbsent(customerId, id -> new AtomicLong())
                .getAndIncrement();
        String eventId = UUID.randomUUID().toString();
        return publishStored(customerId, event.getClass().getName(), commandSideCodec.encrypt(event, eventId),
                occurredAt, eventId, GLOBAL_SEQUENCE.incrementAndGet(), aggregateSequence);
    }

    protected String publish(String customerId, Object event) {
        return publish(customerId, event, Instant.now());
    }

    /** A record with exactly these values, e.g. a redelivery of an event published before. */
    protected String publishStored(String customerId, String type, byte[] stored, Instant occurredAt, String eventId,
                                   long globalSequence, long aggregateSequence) {
        var record = new ProducerRecord<>(EVENTS, customerId, stored);
        record.headers()
                .add("lethe.event.type", bytes(type))
                .add("lethe.event.revision", bytes("1"))
                .add("lethe.event.id", bytes(eventId))
                .add("lethe.event.global-sequence", bytes(String.valueOf(globalSequence)))
                .add("lethe.event.aggregate-sequence", bytes(String.valueOf(aggregateSequence)))
                .add("lethe.event.timestamp", bytes(occurredAt.toString()))
                .add("lethe.commandId", bytes(UUID.randomUUID().toString()))
                .add("lethe.commandType", bytes("Test"))
                .add("lethe.source", bytes("webshop"))
                .add("lethe.actor", bytes("agent-17"))
                .add("lethe.purpose", bytes("order-fulfilment"));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return eventId;
    }

    /** Destroys the person's key as the command service does on erasure. */
    protected static void destroyKey(String customerId) throws Exception {
        try (Connection connection = superuserDataSource().getConnection()) {
            connection.setAutoCommit(false);
            commandSideVault.destroy(customerId, connection);
            connection.commit();
        }
    }

    /**
     * Deletes the person's key and records the erasure as the vault's own statement does, but without its
     * notification: an erasure this JVM's listener missed (docs/crypto-shredding.md §7).
     */
    protected static void destroyKeyUnannounced(String customerId) {
        SUPERUSER.update("WITH gone AS (DELETE FROM key_vault.data_key WHERE subject_id = ? RETURNING key_id)"
                + " INSERT INTO key_vault.destroyed_key (subject_id, key_id, destroyed_at)"
                + " SELECT ?, (SELECT key_id FROM gone), now()", customerId, customerId);
    }

    protected static void awaitAudited(String eventId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> SUPERUSER.queryForObject(
                "SELECT count(*) FROM audit.entry WHERE event_id = ?", Long.class, eventId) == 1);
    }

    protected HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", Tokens.bearer(Tokens.forPath(path)))
                .GET().build());
    }

    protected HttpResponse<String> post(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", Tokens.bearer(Tokens.forPath(path)))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    protected JsonNode getJson(String path) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body());
    }

    protected static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    protected URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    protected static HttpResponse<String> send(HttpRequest request) {
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static DataSource superuserDataSource() {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        return new DriverManagerDataSource(DATABASE_URL, infrastructure.username(), infrastructure.password());
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
