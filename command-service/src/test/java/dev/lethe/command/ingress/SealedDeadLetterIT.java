package dev.lethe.command.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.command.forgetting.PurgeStepReport;
import dev.lethe.command.ingress.deadletter.IngressKeyRetirement;
import dev.lethe.command.ingress.deadletter.IngressKeys;
import dev.lethe.command.ingress.deadletter.SealedDeadLetter;
import dev.lethe.command.support.Broker;
import dev.lethe.command.support.CommandServiceIntegrationTest;
import dev.lethe.command.support.KafkaTestClient.TopicReader;
import dev.lethe.localstack.LocalJwt;
import dev.lethe.localstack.TestInfrastructure;
import dev.lethe.localstack.evidence.PlaintextScan;
import dev.lethe.shredding.DataKey;
import dev.lethe.shredding.KeyVault;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Dead letters hold nothing in clear: the record sealed under the ingress key of the day, its key a keyed digest;
 * an operator reads one while that key lives, and once the key is destroyed nobody can.
 */
class SealedDeadLetterIT extends CommandServiceIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    IngressKeys ingressKeys;
    @Autowired
    IngressKeyRetirement retirement;
    @Autowired
    KeyVault vault;
    @Autowired
    JdbcTemplate jdbc;

    private static Broker broker;
    private TopicReader deadLetters;
    private OpenedDeadLetters opened;

    @BeforeAll
    static void connectBroker() {
        broker = new Broker(TestInfrastructure.shared().bootstrapServers());
    }

    @AfterAll
    static void disconnectBroker() {
        broker.close();
    }

    @BeforeEach
    void setUp() {
        deadLetters = kafka.read(DLQ);
        opened = new OpenedDeadLetters(ingressKeys);
    }

    @Test
    void anUndecodableRecordIsParkedSealedWithNothingInClearAndAnOperatorReadsItWhileItsKeyLives() throws Exception {
        String canary = Broker.canary();
        String key = "webshop:" + canary.toLowerCase(Locale.ROOT);
        String commandId = UUID.randomUUID().toString();
        String broken = "{\"commandId\":\"" + commandId + "\",\"type\":\"RegisterCustomer\",\"payload\":{\"name\":\""
                + canary + "\",\"email\":\"" + canary.toLowerCase(Locale.ROOT) + "@example.org";

        kafka.send(COMMANDS, key, broken);

        ConsumerRecord<String, byte[]> parked = deadLetters.await(record -> key.equals(opened.originalKey(record)));
        assertThat(SealedDeadLetter.header(parked.headers(), SealedDeadLetter.CONTENT)).isEqualTo("sealed-record");
        assertThat(SealedDeadLetter.header(parked.headers(), SealedDeadLetter.KEY_SUBJECT))
                .isEqualTo("lethe:ingress:" + LocalDate.now(ZoneOffset.UTC));
        assertThat(opened.text(parked)).isEqualTo(broken);
        for (String secret : List.of(canary, canary.toLowerCase(Locale.ROOT), key)) {
            assertThat(PlaintextScan.formsFound(latin1(parked.value()), secret)).as("the value").isEmpty();
            assertThat(PlaintextScan.formsFound(parked.key(), secret)).as("the record key").isEmpty();
            for (Header header : parked.headers()) {
                assertThat(PlaintextScan.formsFound(latin1(header.value()), secret)).as(header.key()).isEmpty();
            }
            // and as the broker keeps it: the dead-letter topic's files hold none of it either
            assertThat(broker.filesHolding(secret)).filteredOn(file -> file.contains(DLQ + "-")).isEmpty();
        }

        HttpResponse<String> read = get("/api/operations/dead-letters/" + parked.partition() + "/" + parked.offset(),
                operator());
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(read.headers().firstValue("Cache-Control")).hasValueSatisfying(value -> assertThat(value).contains("no-store"));
        JsonNode letter = JSON.readTree(read.body());
        assertThat(letter.get("value").asText()).isEqualTo(broken);
        assertThat(letter.get("key").asText()).isEqualTo(key);
        assertThat(letter.get("errorCode").asText()).isEqualTo("INVALID_JSON");
        assertThat(letter.get("originalTopic").asText()).isEqualTo(COMMANDS);

        String path = "/api/operations/dead-letters/" + parked.partition() + "/" + parked.offset();
        assertThat(get(path, null).statusCode()).isEqualTo(401);
        assertThat(get(path, LocalJwt.mint("c-analyst", Duration.ofHours(1), List.of("ANALYST"))).statusCode())
                .isEqualTo(403);
        HttpResponse<String> missing = get("/api/operations/dead-letters/" + parked.partition() + "/99999999", operator());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).get("code").asText()).isEqualTo("DEAD_LETTER_NOT_FOUND");
    }

    @Test
    @SuppressWarnings("unchecked")
    void onceItsDaysDeadLettersArePastRetentionTheIngressKeyIsDestroyedAndItsDeadLettersCannotBeRead() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String expired = "lethe:ingress:2020-01-01";
        String live = "lethe:ingress:" + today.plusDays(3);
        String canary = Broker.canary();
        // dead letters as the service parked them on those days; the scheduled purge may retire the old key at once
        RecordMetadata readable = park(vault.dataKeyFor(live), live, canary);
        RecordMetadata unreadable = park(vault.dataKeyFor(expired), expired, canary);

        await().atMost(Duration.ofSeconds(30)).until(() -> vault.existingDataKey(expired).isEmpty());
        PurgeStepReport report = retirement.run();

        assertThat(report.step()).isEqualTo("ingress-keys");
        assertThat((List<Object>) report.details().get("kept")).contains(live).doesNotContain(expired);
        assertThat((List<Object>) report.details().get("destroyed"))
                .doesNotContain("lethe:ingress:" + today, live);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM key_vault.destroyed_key WHERE subject_id = ?",
                Long.class, expired)).isOne();
        HttpResponse<String> open = get(path(readable), operator());
        assertThat(open.statusCode()).as(open.body()).isEqualTo(200);
        assertThat(JSON.readTree(open.body()).get("value").asText()).contains(canary);
        assertThat(JSON.readTree(open.body()).get("key").asText()).isEqualTo("webshop:c-7");
        HttpResponse<String> gone = get(path(unreadable), operator());
        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(JSON.readTree(gone.body()).get("code").asText()).isEqualTo("INGRESS_KEY_DESTROYED");
        assertThat(gone.body()).doesNotContain(canary);
    }

    private static RecordMetadata park(DataKey key, String subject, String canary) {
        byte[] value = ("{\"name\":\"" + canary + "\"}").getBytes(StandardCharsets.UTF_8);
        ConsumerRecord<String, byte[]> original = new ConsumerRecord<>(COMMANDS, 0, 7L, "webshop:c-7", value);
        ProducerRecord<String, byte[]> letter = new ProducerRecord<>(DLQ, 0,
                SealedDeadLetter.digestKey(key, original.key()), SealedDeadLetter.sealValue(key, original));
        letter.headers().add(SealedDeadLetter.ERROR_CODE, bytes("INVALID_JSON"))
                .add(SealedDeadLetter.ORIGINAL_TOPIC, bytes(COMMANDS))
                .add(SealedDeadLetter.ORIGINAL_PARTITION, bytes("0"))
                .add(SealedDeadLetter.ORIGINAL_OFFSET, bytes("7"))
                .add(SealedDeadLetter.ORIGINAL_KEY, SealedDeadLetter.sealKey(key, original))
                .add(SealedDeadLetter.KEY_SUBJECT, bytes(subject))
                .add(SealedDeadLetter.KEY_ID, bytes(key.keyId()))
                .add(SealedDeadLetter.CONTENT, bytes(SealedDeadLetter.SEALED_RECORD));
        return broker.send(letter);
    }

    private static String path(RecordMetadata parked) {
        return "/api/operations/dead-letters/" + parked.partition() + "/" + parked.offset();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String operator() {
        return LocalJwt.mint("c-operator", Duration.ofHours(1), List.of("OPERATOR"));
    }

    private static String latin1(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
