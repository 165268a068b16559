package dev.lethe.command.ingress.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.command.support.KafkaTestClient;
import dev.lethe.command.support.KafkaTestClient.TopicReader;
import dev.lethe.command.support.TestCommand;
import dev.lethe.localstack.LocalKafka;
import dev.lethe.localstack.TestInfrastructure;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A broker that authenticates its clients (SASL/PLAIN) and enforces ACLs, as a real cluster does: the command
 * service connects with its own credentials through Spring's Kafka settings, each source may write only its own
 * command topic, and that is what makes an envelope's {@code source} trustworthy (docs/kafka-security.md).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
class AuthenticatedSourcesIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String COMMANDS = "lethe.commands." + RUN;
    private static final String RESULTS = "lethe.command-results." + RUN;
    private static final String SERVICE = "lethe-command-service";
    private static final Map<String, String> USERS = Map.of(
            SERVICE, "service-secret", "webshop", "webshop-secret", "crm", "crm-secret");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalKafka BROKER = brokerWithSourceAcls();
    private static final String DATABASE_URL = TestInfrastructure.shared().createDatabase("authenticated");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        registry.add("spring.datasource.url", () -> DATABASE_URL);
        registry.add("spring.datasource.username", infrastructure::username);
        registry.add("spring.datasource.password", infrastructure::password);
        // exactly the settings docs/kafka-security.md gives for a secured cluster
        registry.add("spring.kafka.bootstrap-servers", BROKER::saslBootstrapServers);
        registry.add("spring.kafka.security.protocol", () -> "SASL_PLAINTEXT");
        registry.add("spring.kafka.properties.sasl.mechanism", () -> "PLAIN");
        registry.add("spring.kafka.properties.sasl.jaas.config", () -> jaas(SERVICE, USERS.get(SERVICE)));
        registry.add("lethe.topics.commands", () -> COMMANDS);
        registry.add("lethe.topics.command-results", () -> RESULTS);
        registry.add("lethe.topics.commands-dlq", () -> "lethe.commands.dlq." + RUN);
        registry.add("lethe.topics.events", () -> "lethe.events." + RUN);
        registry.add("lethe.ingress.source-topics", () -> "true");
        registry.add("lethe.ingress.shared-topic", () -> "false");
    }

    @AfterAll
    static void stopBroker() {
        BROKER.close();
    }

    @Test
    void aSourceAuthenticatedByTheBrokerSendsOnItsOwnTopicAndIsAnswered() throws Exception {
        TestCommand register = TestCommand.registerErika("c-" + UUID.randomUUID());
        try (KafkaProducer<String, String> webshop = producer("webshop", USERS.get("webshop"));
             KafkaTestClient operator = new KafkaTestClient(BROKER.bootstrapServers())) {
            TopicReader results = operator.read(RESULTS);

            webshop.send(new ProducerRecord<>(IngressTopics.topicFor(COMMANDS, "webshop"), register.commandId(),
                    register.json())).get(30, TimeUnit.SECONDS);

            var result = JSON.readTree(TopicReader.text(results.await(record -> register.commandId().equals(record.key()))));
            assertThat(result.get("status").asText()).isEqualTo("ACCEPTED");
        }
    }

    @Test
    void theBrokerRefusesASourceWritingAnotherSourcesTopic() {
        TestCommand forged = TestCommand.registerLead("l-" + UUID.randomUUID(), "Erika", TestCommand.uniqueEmail("forged"));
        try (KafkaProducer<String, String> webshop = producer("webshop", USERS.get("webshop"))) {
            assertThatThrownBy(() -> webshop.send(new ProducerRecord<>(IngressTopics.topicFor(COMMANDS, "crm"),
                    forged.commandId(), forged.json())).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aClientWithTheWrongPasswordIsNotLetIn() {
        try (KafkaProducer<String, String> impostor = producer("webshop", "guessed")) {
            assertThatThrownBy(() -> impostor.send(new ProducerRecord<>(IngressTopics.topicFor(COMMANDS, "webshop"),
                    "k", "{}")).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    private static KafkaProducer<String, String> producer(String user, String password) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.saslBootstrapServers(),
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, "PLAIN",
                SaslConfigs.SASL_JAAS_CONFIG, jaas(user, password),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "20000",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000"),
                new StringSerializer(), new StringSerializer());
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** Each source may write only its own topic; the command service reads them all. Created by the super user. */
    private static LocalKafka brokerWithSourceAcls() {
        LocalKafka broker = LocalKafka.start(LocalKafka.Options.temporary().withSaslUsers(USERS));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            List<AclBinding> acls = List.of("webshop", "crm").stream().flatMap(source -> {
                ResourcePattern topic = new ResourcePattern(ResourceType.TOPIC,
                        IngressTopics.topicFor(COMMANDS, source), PatternType.LITERAL);
                return List.of(
                        new AclBinding(topic, allow("User:" + source, AclOperation.WRITE)),
                        new AclBinding(topic, allow("User:" + SERVICE, AclOperation.READ)),
                        new AclBinding(topic, allow("User:" + SERVICE, AclOperation.DESCRIBE)),
                        new AclBinding(topic, allow("User:" + SERVICE, AclOperation.CREATE))).stream();
            }).toList();
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            broker.close();
            throw new IllegalStateException("could not set up the ACLs", e);
        }
        return broker;
    }

    private static AccessControlEntry allow(String principal, AclOperation operation) {
        return new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW);
    }
}
