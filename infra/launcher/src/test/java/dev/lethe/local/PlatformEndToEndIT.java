package dev.lethe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import dev.lethe.localstack.LocalPostgres;
import dev.lethe.localstack.Processes;
import dev.lethe.localstack.evidence.DatabaseDump;
import dev.lethe.localstack.evidence.PlaintextScan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The whole platform as the run command starts it, driven the way a source system and an analyst would. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformEndToEndIT {

    private static final String COMMANDS = "lethe.commands";
    private static final String RESULTS = "lethe.command-results";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    static Path dataDirectory;

    private static LethePlatform platform;

    @BeforeAll
    static void startPlatform() {
        platform = LethePlatform.start(LaunchOptions.embedded(dataDirectory, 0, 0, 0, 0, 0,
                Path.of(System.getProperty("lethe.services.dir", "target/services"))));
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)
    void aCustomerRegisteredOverKafkaCanBeReadFromTheQueryApi() throws Exception {
        String commandId = UUID.randomUUID().toString();
        try (KafkaConsumer<String, String> results = resultsConsumer()) {
            send("webshop:c-1042", registerErika(commandId));

            String result = awaitResult(results, commandId);

            assertThat((String) JsonPath.read(result, "$.commandId")).isEqualTo(commandId);
            assertThat((String) JsonPath.read(result, "$.status")).isEqualTo("ACCEPTED");
            String customerId = JsonPath.read(result, "$.customerId");
            assertThat(UUID.fromString(customerId)).isNotNull();

            String customer = awaitCustomer(customerId, "Erika Mustermann");
            assertThat((String) JsonPath.read(customer, "$.customerId")).isEqualTo(customerId);
            assertThat((String) JsonPath.read(customer, "$.name")).isEqualTo("Erika Mustermann");
            assertThat((String) JsonPath.read(customer, "$.email")).isEqualTo("erika@example.org");
        }
    }

    @Test
    @Order(2)
    void theReadmeLifeOfACustomerWorksAsDocumented() throws Exception {
        String reference = "c-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaConsumer<String, String> results = resultsConsumer()) {
            String customerId = JsonPath.read(accept(results, "webshop:" + reference, "RegisterCustomer", "webshop",
                    "order-fulfilment", "{\"sourceCustomerId\":\"%s\",\"name\":\"Erika Mustermann\",\"email\":\"erika@example.org\"}"
                            .formatted(reference)), "$.customerId");
            accept(results, "webshop:" + reference, "UpdateContactDetails", "webshop", "order-fulfilment",
                    "{\"sourceCustomerId\":\"%s\",\"email\":\"erika.mustermann@example.org\"}".formatted(reference));
            accept(results, "webshop:" + reference, "GrantConsent", "webshop", "marketing",
                    "{\"sourceCustomerId\":\"%s\",\"channel\":\"email\",\"consentTextVersion\":\"newsletter-v3\"}".formatted(reference));
            accept(results, "webshop:" + reference, "WithdrawConsent", "webshop", "marketing",
                    "{\"sourceCustomerId\":\"%s\",\"channel\":\"email\"}".formatted(reference));
            accept(results, customerId, "RestrictProcessing", "support", "customer-service",
                    "{\"customerId\":\"%s\",\"reason\":\"ACCURACY_CONTESTED\"}".formatted(customerId));

            String view = awaitCustomer(customerId, "\"restricted\":true");
            assertThat((String) JsonPath.read(view, "$.email")).isEqualTo("erika.mustermann@example.org");
            assertThat((Boolean) JsonPath.read(view, "$.consents[0].granted")).isFalse();

            accept(results, customerId, "EraseCustomer", "support", "customer-service",
                    "{\"customerId\":\"%s\",\"reason\":\"DATA_SUBJECT_REQUEST\"}".formatted(customerId));
            awaitStatus(customerId, 410);
        }
    }

    private static String accept(KafkaConsumer<String, String> results, String key, String type, String source,
                                 String purpose, String payload) throws Exception {
        String commandId = UUID.randomUUID().toString();
        send(key, command(commandId, type, source, purpose, payload));
        String result = awaitResult(results, commandId);
        assertThat((String) JsonPath.read(result, "$.status")).as("%s: %s", type, result).isEqualTo("ACCEPTED");
        return result;
    }

    @Test
    @Order(3)
    void bothServicesReportHealthAndPrometheusMetricsWithoutPersonalData() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String service : List.of(platform.commandUrl(), platform.queryUrl())) {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(service + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"UP\"");
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(service + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes").doesNotContain("Erika", "erika@example.org");
        }
        HttpResponse<String> commandMetrics = http.send(HttpRequest.newBuilder(
                URI.create(platform.commandUrl() + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(commandMetrics.body()).contains("lethe_commands_total");
    }

    @Test
    @Order(4)
    void anErasedCustomerLeavesNoPlaintextInTheDatabaseTheEventTopicOrAnyServiceLog() throws Exception {
        String canary = UUID.randomUUID().toString().substring(0, 8);
        String name = "Canary " + canary;
        String email = "canary." + canary + "@example.org";
        String phone = "+4930" + (1_000_000 + Math.abs(canary.hashCode() % 9_000_000));
        String reference = "canary-ref-" + canary;
        List<String> canaries = List.of(name, email, phone, reference);
        try (KafkaConsumer<String, String> results = resultsConsumer()) {
            String registerId = UUID.randomUUID().toString();
            send("webshop:" + reference, command(registerId, "RegisterCustomer", "webshop", "order-fulfilment",
                    "{\"sourceCustomerId\":\"%s\",\"name\":\"%s\",\"email\":\"%s\",\"phone\":\"%s\"}"
                            .formatted(reference, name, email, phone)));
            String customerId = JsonPath.read(awaitResult(results, registerId), "$.customerId");

            // positive control: the person is readable where they should be, and the scan finds them
            assertThat(awaitCustomer(customerId, name)).contains(email);
            assertThat(PlaintextScan.formsFound(databaseDump(), name)).contains("plain");

            String eraseId = UUID.randomUUID().toString();
            send("support:" + customerId, command(eraseId, "EraseCustomer", "support", "customer-service",
                    "{\"customerId\":\"%s\",\"reason\":\"DATA_SUBJECT_REQUEST\"}".formatted(customerId)));
            assertThat((String) JsonPath.read(awaitResult(results, eraseId), "$.status")).isEqualTo("ACCEPTED");
            awaitStatus(customerId, 410);

            String dump = databaseDump();
            String events = topicDump("lethe.events");
            String logs = logs();
            for (String value : canaries) {
                assertThat(PlaintextScan.formsFound(dump, value)).as("pg_dump: %s", value).isEmpty();
                assertThat(PlaintextScan.formsFound(events, value)).as("lethe.events: %s", value).isEmpty();
                assertThat(PlaintextScan.formsFound(logs, value)).as("service logs: %s", value).isEmpty();
            }
        }
    }

    @Test
    @Order(5)
    void closingThePlatformLeavesNoProcessBehindAndKeepsTheData() {
        List<Long> children = platform.childPids();
        assertThat(children).hasSize(3).allMatch(Processes::isRunning);

        platform.close();

        assertThat(children).noneMatch(Processes::isRunning);
        assertThat(ProcessHandle.current().descendants().filter(child -> Processes.isRunning(child.pid())))
                .as("processes left running").isEmpty();
        assertThat(dataDirectory.resolve("postgres").resolve("PG_VERSION")).exists();
        assertThat(dataDirectory.resolve("kafka").resolve("data").resolve("meta.properties")).exists();
    }

    private static String registerErika(String commandId) {
        return """
                {"commandId":"%s","type":"RegisterCustomer","source":"webshop","actor":"agent-17",\
                "purpose":"order-fulfilment","issuedAt":"2026-11-28T10:00:00Z",\
                "payload":{"sourceCustomerId":"c-1042","name":"Erika Mustermann","email":"erika@example.org",\
                "phone":"+49 30 1234567",\
                "postalAddress":{"street":"Hauptstr. 1","postalCode":"10115","city":"Berlin","country":"DE"}}}"""
                .formatted(commandId);
    }

    private static void send(String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(COMMANDS, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static KafkaConsumer<String, String> resultsConsumer() {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(RESULTS));
        return consumer;
    }

    private static String awaitResult(KafkaConsumer<String, String> consumer, String commandId) {
        String[] found = new String[1];
        await("result of command " + commandId + " on " + RESULTS).atMost(PATIENCE).pollDelay(Duration.ZERO)
                .until(() -> {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                        if (commandId.equals(record.key())) {
                            found[0] = record.value();
                        }
                    }
                    return found[0] != null;
                });
        return found[0];
    }

    private static String command(String commandId, String type, String source, String purpose, String payload) {
        return ("{\"commandId\":\"%s\",\"type\":\"%s\",\"source\":\"%s\",\"actor\":\"agent-3\",\"purpose\":\"%s\","
                + "\"issuedAt\":\"2026-11-29T09:00:00Z\",\"payload\":%s}").formatted(commandId, type, source, purpose, payload);
    }

    private static void awaitStatus(String customerId, int status) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(platform.queryUrl() + "/api/customers/" + customerId))
                .timeout(Duration.ofSeconds(5)).GET().build();
        await("customer " + customerId + " answering " + status).atMost(PATIENCE).pollInterval(Duration.ofMillis(300))
                .until(() -> http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == status);
    }

    /** A plain-SQL dump of the whole database, as whoever holds a backup would have it. */
    private static String databaseDump() {
        return DatabaseDump.of(platform.jdbcUrl(), LocalPostgres.USERNAME, LocalPostgres.PASSWORD);
    }

    /** Every record of a topic, values and headers, as whoever can read the topic would see it. */
    private static String topicDump(String topic) {
        StringBuilder dump = new StringBuilder();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-dump-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long[] emptyPolls = {0};
            await("all of " + topic).atMost(PATIENCE).pollDelay(Duration.ZERO).until(() -> {
                var records = consumer.poll(Duration.ofMillis(500));
                records.forEach(record -> {
                    dump.append(record.key()).append(' ').append(new String(record.value(), StandardCharsets.UTF_8));
                    record.headers().forEach(header -> dump.append(' ').append(header.key()).append('=')
                            .append(new String(header.value(), StandardCharsets.UTF_8)));
                    dump.append('\n');
                });
                emptyPolls[0] = records.isEmpty() && !consumer.assignment().isEmpty() ? emptyPolls[0] + 1 : 0;
                return emptyPolls[0] >= 3;
            });
        }
        return dump.toString();
    }

    /** Everything every process of the platform logged: services, broker, database. */
    private static String logs() throws java.io.IOException {
        StringBuilder all = new StringBuilder();
        try (var files = java.nio.file.Files.list(platform.logsDirectory())) {
            for (Path file : files.toList()) {
                all.append(new String(java.nio.file.Files.readAllBytes(file), StandardCharsets.UTF_8));
            }
        }
        assertThat(all).as("the service logs exist and were written").contains("lethe-command-service");
        return all.toString();
    }

    private static String awaitCustomer(String customerId, String expected) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(platform.queryUrl() + "/api/customers/" + customerId))
                .timeout(Duration.ofSeconds(5)).header("Accept", "application/json").GET().build();
        String[] body = new String[1];
        await("customer " + customerId + " in the query API").atMost(PATIENCE).pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    body[0] = response.statusCode() == 200 ? response.body() : null;
                    return Optional.ofNullable(body[0]).filter(json -> json.contains(expected)).isPresent();
                });
        return body[0];
    }
}
