package dev.lethe.command.support;

import dev.lethe.localstack.TestInfrastructure;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Boots the real command service against a real PostgreSQL and a real Kafka broker (Testcontainers where a
 * Docker engine exists, the local stack otherwise). All subclasses share one application context, one
 * database and one set of topics, so tests use their own customers and commandIds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "logging.file.name=" + CommandServiceIntegrationTest.LOG_FILE)
@ActiveProfiles("local")
@Import(TestClockConfig.class)
public abstract class CommandServiceIntegrationTest {

    /** Everything the service logs during the tests, scanned for personal data by the erasure proof. */
    protected static final String LOG_FILE = "target/command-service-it.log";

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String DATABASE_URL = TestInfrastructure.shared().createDatabase("command");

    protected static final String COMMANDS = "lethe.commands." + RUN;
    protected static final String RESULTS = "lethe.command-results." + RUN;
    protected static final String DLQ = "lethe.commands.dlq." + RUN;
    protected static final String EVENTS = "lethe.events." + RUN;

    /** Configured but not current: what an operator adds before a rotation. */
    protected static final String SECOND_KEK_ID = "local-kek-2";
    protected static final String SECOND_KEK = "bG9jYWwtZGVtby1rZXktZW5jcnlwdGlvbi1rZXktMDI=";

    protected static KafkaTestClient kafka;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        registry.add("spring.datasource.url", () -> DATABASE_URL);
        registry.add("spring.datasource.username", infrastructure::username);
        registry.add("spring.datasource.password", infrastructure::password);
        registry.add("spring.kafka.bootstrap-servers", infrastructure::bootstrapServers);
        registry.add("lethe.topics.commands", () -> COMMANDS);
        registry.add("lethe.topics.command-results", () -> RESULTS);
        registry.add("lethe.topics.commands-dlq", () -> DLQ);
        registry.add("lethe.topics.events", () -> EVENTS);
        // the shared topic and one per source, as a cluster with broker ACLs runs it
        registry.add("lethe.ingress.source-topics", () -> "true");
        // a second key-encryption key next to the local one, for the rotation test (KeyRotationIT)
        registry.add("lethe.crypto.kek.keys[" + SECOND_KEK_ID + "]", () -> SECOND_KEK);
        // opt-in; on here so that every erasure test also exercises it (SuppressionIT)
        registry.add("lethe.suppression.enabled", () -> "true");
        // a record failing transiently is given up after seconds, not minutes (PoisonRecordIT)
        registry.add("lethe.ingress.retry.max-attempts", () -> "4");
        registry.add("lethe.ingress.retry.initial-interval", () -> "200ms");
        registry.add("lethe.ingress.retry.max-interval", () -> "1s");
        // processed commands are purged every second and their segments roll after 2 s, so every test runs with the
        // purger and its segment-roll markers going on around it (CommandTopicPurgeIT)
        registry.add("lethe.ingress.purge-interval", () -> "1s");
        registry.add("lethe.ingress.segment-roll", () -> "2s");
    }

    @BeforeAll
    static void connectKafka() {
        kafka = new KafkaTestClient(TestInfrastructure.shared().bootstrapServers());
    }

    @AfterAll
    static void disconnectKafka() {
        kafka.close();
    }

    protected static String databaseUrl() {
        return DATABASE_URL;
    }
}
