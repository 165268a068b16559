package dev.lethe.command.ingress.transport;

import static dev.lethe.command.support.KafkaTestClient.TopicReader.header;
import static dev.lethe.command.support.KafkaTestClient.TopicReader.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.command.ingress.IngressProperties;
import dev.lethe.command.ingress.InjectedFaults;
import dev.lethe.command.ingress.OpenedDeadLetters;
import dev.lethe.command.ingress.deadletter.IngressKeys;
import dev.lethe.command.ingress.deadletter.SealedDeadLetter;
import dev.lethe.command.ingress.processing.CommandBatch;
import dev.lethe.command.ingress.processing.CommandProcessor;
import dev.lethe.command.ingress.validation.EnvelopeReader;
import dev.lethe.command.ingress.validation.Reading;
import dev.lethe.command.support.CommandServiceIntegrationTest;
import dev.lethe.command.support.Commands;
import dev.lethe.command.support.KafkaTestClient.TopicReader;
import dev.lethe.command.support.TestCommand;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * No record jams its partition. Each test sends a bad or failing record and then a valid command with the same key
 * (so to the same partition, behind it), and asserts the exact answer the sender of each gets. Failures are real:
 * PostgreSQL raises them from a test-only trigger ({@link InjectedFaults}).
 */
class PoisonRecordIT extends CommandServiceIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The producer's default {@code max.request.size}, which also bounds the service's dead-letter copies. */
    private static final int MAX_REQUEST_SIZE = 1_048_576;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CommandBatch batch;
    @Autowired
    CommandProcessor processor;
    @Autowired
    IngressProperties properties;
    @Autowired
    IngressKeys ingressKeys;
    @Autowired
    CommandIngress ingress;

    private InjectedFaults faults;
    private OpenedDeadLetters opened;
    private TopicReader results;
    private TopicReader deadLetters;

    @BeforeEach
    void setUp() {
        faults = new InjectedFaults(jdbc);
        faults.install();
        opened = new OpenedDeadLetters(ingressKeys);
        results = kafka.read(RESULTS);
        deadLetters = kafka.read(DLQ);
    }

    @AfterEach
    void removeFaults() {
        faults.uninstall();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a commandId alone | {\"commandId\":\"%s\"}                | MISSING_FIELD | type is required",
            "a numeric type    | {\"commandId\":\"%s\",\"type\":17} | INVALID_FIELD | type must be a string"})
    void aRecordWithoutAReadableTypeIsRejectedLoggedAndAnsweredAlikeWhenRepeated(String description, String template,
                                                                               String code, String message) {
        String key = "webshop:" + UUID.randomUUID();
        String commandId = UUID.randomUUID().toString();
        String record = template.formatted(commandId);
        TestCommand behind = TestCommand.registerErika("c-" + UUID.randomUUID());

        kafka.send(COMMANDS, key, record);
        kafka.send(COMMANDS, key, behind.json());
        kafka.send(COMMANDS, key, record);

        List<JsonNode> answers = answers(commandId, 2);
        assertThat(answers.get(0)).isEqualTo(rejected(commandId, code, "type", message));
        assertThat(answers.get(1)).isEqualTo(answers.get(0));
        assertThat(answer(behind.commandId()).get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(jdbc.queryForList("SELECT command_type FROM event_store.command_log WHERE command_id = ?::uuid",
                String.class, commandId)).as("logged, without a type").containsExactly((String) null);
    }

    @Test
    void aDefectIsGivenUpAtOnceParkedWithItsReasonAndAnsweredInternalErrorAlikeWhenRepeated() {
        String key = "webshop:" + UUID.randomUUID();
        TestCommand poison = TestCommand.registerErika("c-" + UUID.randomUUID());
        faults.fail(poison.commandId(), "23514"); // check_violation: our own row breaks a constraint
        TestCommand behind = TestCommand.registerErika("c-" + UUID.randomUUID());

        kafka.send(COMMANDS, key, poison.json());
        kafka.send(COMMANDS, key, behind.json());

        assertThat(answer(poison.commandId())).isEqualTo(internalError(poison.commandId()));
        assertThat(answer(behind.commandId()).get("status").asText()).isEqualTo("ACCEPTED");
        ConsumerRecord<String, byte[]> parked = deadLetters.await(record -> poison.json().equals(opened.text(record)));
        assertThat(header(parked, SealedDeadLetter.ERROR_CODE)).isEqualTo("INTERNAL_ERROR");
        assertThat(header(parked, SealedDeadLetter.ERROR_MESSAGE))
                .isEqualTo("the command failed with a defect: org.postgresql.util.PSQLException (SQLState 23514)");
        assertThat(header(parked, SealedDeadLetter.CONTENT)).isEqualTo("sealed-record");
        long attempts = faults.attempts(poison.commandId());
        assertThat(attempts).as("not retried: tried in its batch and alone at most").isBetween(1L, 2L);

        kafka.send(COMMANDS, key, poison.json());

        List<JsonNode> answers = answers(poison.commandId(), 2);
        assertThat(answers.get(1)).isEqualTo(answers.get(0));
        assertThat(faults.attempts(poison.commandId())).as("answered from the log, not tried again").isEqualTo(attempts);
    }

    @Test
    void aPoisonedRecordInsideABatchIsFoundByHalvingTheBatchAndEveryOtherCommandIsAcceptedOnce() {
        List<TestCommand> commands = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            commands.add(TestCommand.registerErika("c-" + UUID.randomUUID()));
        }
        TestCommand poison = commands.get(5);
        faults.fail(poison.commandId(), "23514"); // check_violation: a defect, given up at once
        List<ConsumerRecord<String, byte[]>> poll = new ArrayList<>();
        for (TestCommand command : commands) {
            // the listener is called with a poll it cannot have split: offsets are not looked at, only the records
            poll.add(new ConsumerRecord<>(COMMANDS, 0, poll.size(), "webshop:" + UUID.randomUUID(),
                    command.json().getBytes(StandardCharsets.UTF_8)));
        }

        ingress.onCommands(poll, () -> { });

        assertThat(answer(poison.commandId())).isEqualTo(internalError(poison.commandId()));
        deadLetters.await(record -> poison.json().equals(opened.text(record)));
        for (TestCommand command : commands) {
            if (command != poison) {
                assertThat(answer(command.commandId()).get("status").asText()).isEqualTo("ACCEPTED");
                String customerId = jdbc.queryForObject("SELECT customer_id FROM event_store.command_log "
                        + "WHERE command_id = ?::uuid", String.class, command.commandId());
                assertThat(jdbc.queryForObject("SELECT count(*) FROM event_store.domain_event_entry "
                        + "WHERE aggregateIdentifier = ?", Long.class, customerId)).as("applied once").isOne();
            }
            assertThat(logged(command.commandId())).isOne();
        }
        assertThat(faults.attempts(poison.commandId()))
                .as("in the batches of 8, 4 and 2 that held it, then alone; not once per command of the poll")
                .isEqualTo(4);
    }

    @Test
    void aTransientFailureIsRetriedABoundedNumberOfTimesThenParkedAndAnsweredInternalError() {
        String key = "webshop:" + UUID.randomUUID();
        TestCommand stuck = TestCommand.registerErika("c-" + UUID.randomUUID());
        faults.fail(stuck.commandId(), "40001"); // serialization_failure, every time
        TestCommand behind = TestCommand.registerErika("c-" + UUID.randomUUID());
        int maxAttempts = properties.retry().maxAttempts();

        kafka.send(COMMANDS, key, stuck.json());
        kafka.send(COMMANDS, key, behind.json());

        assertThat(answer(stuck.commandId())).isEqualTo(internalError(stuck.commandId()));
        assertThat(answer(behind.commandId()).get("status").asText()).isEqualTo("ACCEPTED");
        ConsumerRecord<String, byte[]> parked = deadLetters.await(record -> stuck.json().equals(opened.text(record)));
        assertThat(header(parked, SealedDeadLetter.ERROR_MESSAGE)).isEqualTo("the command still failed after " + maxAttempts
                + " attempts: org.postgresql.util.PSQLException (SQLState 40001)");
        long attempts = faults.attempts(stuck.commandId());
        // each delivery tries it once alone, and once before in its batch when records follow it
        assertThat(attempts).isBetween((long) maxAttempts, 2L * maxAttempts);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30))
                .until(() -> faults.attempts(stuck.commandId()) == attempts);
    }

    @Test
    void whileTheDatabaseIsUnreachableARecordIsNeverGivenUpAndIsAcceptedOnceItIsBack() {
        String key = "webshop:" + UUID.randomUUID();
        TestCommand command = TestCommand.registerErika("c-" + UUID.randomUUID());
        faults.fail(command.commandId(), "08006"); // connection_failure, as PostgreSQL going away reports it
        TestCommand behind = TestCommand.registerErika("c-" + UUID.randomUUID());
        int maxAttempts = properties.retry().maxAttempts();

        kafka.send(COMMANDS, key, command.json());
        kafka.send(COMMANDS, key, behind.json());

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> faults.attempts(command.commandId()) > 2L * 2 * maxAttempts);
        assertThat(results.poll()).noneMatch(record -> command.commandId().equals(record.key())
                || behind.commandId().equals(record.key()));
        faults.clear(command.commandId());

        assertThat(answer(command.commandId()).get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(answer(behind.commandId()).get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(deadLetters.poll()).noneMatch(record -> command.json().equals(opened.text(record)));
    }

    @Test
    void aBatchOrACommandThatOutlivesTheTransactionTimeoutIsRolledBack() throws Exception {
        TestCommand slow = TestCommand.registerErika("c-" + UUID.randomUUID());
        TestCommand other = TestCommand.registerErika("c-" + UUID.randomUUID());
        faults.delay(slow.commandId(), 120);
        Duration bound = properties.transactionTimeout().plusSeconds(10);
        try {
            long started = System.nanoTime();
            Optional<List<CommandBatch.Decision>> decided = batch.decide(List.of(reading(other), reading(slow)));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(bound);
            assertThat(decided).as("rolled back").isEmpty();
            assertThat(logged(other.commandId())).as("nothing of the batch committed").isZero();

            long startedAlone = System.nanoTime();
            assertThatThrownBy(() -> processor.answer(reading(slow)))
                    .satisfies(failure -> assertThat(Failures.isTransient(failure)).as("retried").isTrue());
            assertThat(Duration.ofNanos(System.nanoTime() - startedAlone)).isLessThan(bound);
            assertThat(logged(slow.commandId())).isZero();
        } finally {
            faults.clear(slow.commandId());
        }
    }

    @Test
    void anUndecodableRecordOfAMillionBytesIsParkedWholeAnsweredAndPassed() {
        String key = "webshop:" + UUID.randomUUID();
        String commandId = UUID.randomUUID().toString();
        byte[] value = unterminated(commandId, 1_000_000);
        TestCommand behind = TestCommand.registerErika("c-" + UUID.randomUUID());

        kafka.send(COMMANDS, key, value);
        kafka.send(COMMANDS, key, behind.json());

        assertThat(answer(commandId)).isEqualTo(rejected(commandId, "INVALID_JSON", null, "the record is not valid JSON"));
        assertThat(answer(behind.commandId()).get("status").asText()).isEqualTo("ACCEPTED");
        ConsumerRecord<String, byte[]> parked = deadLetters.await(record -> key.equals(opened.originalKey(record)));
        assertThat(header(parked, SealedDeadLetter.CONTENT)).isEqualTo("sealed-record");
        assertThat(Arrays.equals(opened.value(parked), value)).as("the record itself, sealed").isTrue();
        assertThat(Arrays.equals(parked.value(), value)).as("not in clear").isFalse();
        assertThat(header(parked, SealedDeadLetter.ORIGINAL_DIGEST))
                .isEqualTo(SealedDeadLetter.digestValue(opened.key(parked).orElseThrow(), value));
    }

    @Test
    void anUndecodableRecordTooLargeToParkWithItsHeadersIsParkedAsAReferenceAnsweredAndPassed() {
        String key = "webshop:" + UUID.randomUUID();
        String commandId = UUID.randomUUID().toString();
        byte[] value = unterminated(commandId, largestValue(key));
        TestCommand behind = TestCommand.registerErika("c-" + UUID.randomUUID());

        kafka.send(COMMANDS, key, value);
        kafka.send(COMMANDS, key, behind.json());

        assertThat(answer(commandId)).isEqualTo(rejected(commandId, "INVALID_JSON", null, "the record is not valid JSON"));
        assertThat(answer(behind.commandId()).get("status").asText()).isEqualTo("ACCEPTED");
        ConsumerRecord<String, byte[]> parked = deadLetters.await(record -> key.equals(opened.originalKey(record)));
        assertThat(header(parked, SealedDeadLetter.CONTENT)).isEqualTo("reference");
        assertThat(parked.value()).isNull();
        assertThat(header(parked, SealedDeadLetter.ERROR_CODE)).isEqualTo("INVALID_JSON");
        assertThat(header(parked, SealedDeadLetter.ORIGINAL_TOPIC)).isEqualTo(COMMANDS);
        assertThat(header(parked, SealedDeadLetter.ORIGINAL_OFFSET)).containsOnlyDigits();
        assertThat(header(parked, SealedDeadLetter.ORIGINAL_SIZE)).isEqualTo(String.valueOf(value.length));
        assertThat(header(parked, SealedDeadLetter.ORIGINAL_DIGEST))
                .isEqualTo(SealedDeadLetter.digestValue(opened.key(parked).orElseThrow(), value));
    }

    /** As large as a producer with the default maximum request size sends: no room left for any header. */
    private static int largestValue(String key) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        int length = MAX_REQUEST_SIZE - estimate(keyBytes, 0);
        while (estimate(keyBytes, length) > MAX_REQUEST_SIZE - 8) {
            length--;
        }
        return length;
    }

    private static int estimate(byte[] key, int valueLength) {
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
                key, new byte[valueLength], new Header[0]);
    }

    /** A command cut off inside a long string: not JSON, but its commandId can be read. */
    private static byte[] unterminated(String commandId, int length) {
        byte[] start = ("{\"commandId\":\"" + commandId + "\",\"payload\":\"").getBytes(StandardCharsets.UTF_8);
        byte[] value = new byte[length];
        Arrays.fill(value, (byte) 'x');
        System.arraycopy(start, 0, value, 0, start.length);
        return value;
    }

    private JsonNode answer(String commandId) {
        return answers(commandId, 1).get(0);
    }

    private List<JsonNode> answers(String commandId, int count) {
        return results.await(record -> commandId.equals(record.key()), count).stream()
                .map(record -> Commands.json(record.value())).toList();
    }

    private long logged(String commandId) {
        return jdbc.queryForObject("SELECT count(*) FROM event_store.command_log WHERE command_id = ?::uuid",
                Long.class, commandId);
    }

    static ObjectNode rejected(String commandId, String code, String field, String message) {
        ObjectNode answer = JSON.createObjectNode().put("commandId", commandId).put("status", "REJECTED")
                .put("code", code).put("message", message);
        return field == null ? answer : answer.put("field", field);
    }

    static ObjectNode internalError(String commandId) {
        return rejected(commandId, "INTERNAL_ERROR", null,
                "the command could not be processed; it was parked for an operator");
    }

    /** The record as the listener hands it to the batch: read once. */
    private static Reading reading(TestCommand command) {
        return new EnvelopeReader().read(command.json().getBytes(StandardCharsets.UTF_8), null);
    }
}
