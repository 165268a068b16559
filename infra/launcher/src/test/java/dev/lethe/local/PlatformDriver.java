package dev.lethe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import dev.lethe.localstack.LocalPostgres;
import dev.lethe.localstack.evidence.DatabaseDump;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Drives a running platform the way its users do: a source system producing commands and reading results,
 * an analyst calling the query API, and whoever holds a backup or can read a topic.
 */
final class PlatformDriver implements AutoCloseable {

    static final String COMMANDS = "lethe.commands";
    static final String RESULTS = "lethe.command-results";
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private final LethePlatform platform;
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> results;
    /** The end-to-end tests read the view as an analyst who may see personal data, like the README's examples. */
    private static final String ANALYST_TOKEN = LocalTokens.mint("e2e-analyst", List.of("ANALYST", "ANALYST_PII"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    PlatformDriver(LethePlatform platform) {
        this.platform = platform;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000"),
                new StringSerializer(), new StringSerializer());
        this.results = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer());
        results.subscribe(List.of(RESULTS));
    }

    static String command(String commandId, String type, String source, String purpose, String payload) {
        return ("{\"commandId\":\"%s\",\"type\":\"%s\",\"source\":\"%s\",\"actor\":\"agent-3\",\"purpose\":\"%s\","
                + "\"issuedAt\":\"2026-11-29T09:00:00Z\",\"payload\":%s}").formatted(commandId, type, source, purpose, payload);
    }

    void send(String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(COMMANDS, key, value)).get(30, TimeUnit.SECONDS);
    }

    /** Sends a command and returns its result, whatever it is. */
    String submit(String key, String type, String source, String purpose, String payload) throws Exception {
        String commandId = UUID.randomUUID().toString();
        send(key, command(commandId, type, source, purpose, payload));
        return awaitResult(commandId);
    }

    /** Sends a command that must be accepted and returns its result. */
    String accept(String key, String type, String source, String purpose, String payload) throws Exception {
        String result = submit(key, type, source, purpose, payload);
        assertThat((String) JsonPath.read(result, "$.status")).as("%s: %s", type, result).isEqualTo("ACCEPTED");
        return result;
    }

    String awaitResult(String commandId) {
        return awaitResult(commandId, PATIENCE);
    }

    /** With more patience, e.g. while a restarted service starts up. */
    String awaitResult(String commandId, Duration patience) {
        String[] found = new String[1];
        await("result of command " + commandId + " on " + RESULTS).atMost(patience).pollDelay(Duration.ZERO)
                .until(() -> {
                    for (ConsumerRecord<String, String> record : results.poll(Duration.ofMillis(200))) {
                        if (commandId.equals(record.key())) {
                            found[0] = record.value();
                        }
                    }
                    return found[0] != null;
                });
        return found[0];
    }

    /** The results of several commands sent together, by commandId (one poll may carry many of them). */
    Map<String, String> awaitResults(java.util.Collection<String> commandIds, Duration patience) {
        Map<String, String> found = new java.util.HashMap<>();
        await("results of " + commandIds.size() + " commands on " + RESULTS).atMost(patience).pollDelay(Duration.ZERO)
                .until(() -> {
                    for (ConsumerRecord<String, String> record : results.poll(Duration.ofMillis(200))) {
                        if (commandIds.contains(record.key())) {
                            found.putIfAbsent(record.key(), record.value());
                        }
                    }
                    return found.keySet().containsAll(commandIds);
                });
        return found;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(platform.queryUrl() + path))
                .timeout(Duration.ofSeconds(5)).header("Accept", "application/json")
                .header("Authorization", "Bearer " + ANALYST_TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(platform.queryUrl() + path))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                .header("Accept", "application/json").header("Authorization", "Bearer " + ANALYST_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    void awaitStatus(String customerId, int status) {
        await("customer " + customerId + " answering " + status).atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> get("/api/customers/" + customerId).statusCode() == status);
    }

    /** The customer's record once it answers 200 and the body satisfies the condition. */
    String awaitCustomer(String customerId, Predicate<String> condition) {
        String[] body = new String[1];
        await("customer " + customerId + " in the query API").atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    HttpResponse<String> response = get("/api/customers/" + customerId);
                    body[0] = response.statusCode() == 200 ? response.body() : null;
                    return Optional.ofNullable(body[0]).filter(condition).isPresent();
                });
        return body[0];
    }

    String awaitCustomer(String customerId, String expected) {
        return awaitCustomer(customerId, json -> json.contains(expected));
    }

    /** A plain-SQL dump of the whole database, as whoever holds a backup would have it. */
    String databaseDump() {
        return DatabaseDump.of(platform.jdbcUrl(), LocalPostgres.USERNAME, LocalPostgres.PASSWORD);
    }

    /** Every record of a topic, values and headers, as whoever can read the topic would see it. */
    String topicDump(String topic) {
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
    String logs() throws IOException {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(platform.logsDirectory())) {
            for (Path file : files.toList()) {
                all.append(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
            }
        }
        assertThat(all).as("the service logs exist and were written").contains("lethe-command-service");
        return all.toString();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        results.close(Duration.ofSeconds(5));
    }
}
