package dev.lethe.command.ingress.transport;

import static dev.lethe.command.ingress.transport.PoisonRecordIT.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.command.ingress.processing.CommandBatch;
import dev.lethe.command.ingress.validation.EnvelopeReader;
import dev.lethe.command.ingress.validation.Reading;
import dev.lethe.command.support.CommandServiceIntegrationTest;
import dev.lethe.command.support.Commands;
import dev.lethe.command.support.KafkaTestClient.TopicReader;
import dev.lethe.command.support.TestClock;
import dev.lethe.command.support.TestCommand;
import dev.lethe.contract.envelope.CommandResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A commandId gets one answer, however often and in whatever shape it is sent: the command log is read before any
 * answer, also for records that are not commands, and every field of the first answer is repeated.
 */
class OneAnswerPerCommandIdIT extends CommandServiceIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CommandBatch batch;
    @Autowired
    TestClock clock;

    private TopicReader results;

    @BeforeEach
    void readResults() {
        results = kafka.read(RESULTS);
    }

    @Test
    void brokenJsonCarryingAnAcceptedCommandIdGetsTheFirstAnswerAgain() {
        TestCommand register = TestCommand.registerErika("c-" + UUID.randomUUID());
        String key = "webshop:" + register.commandId();
        kafka.send(COMMANDS, key, register.json());
        JsonNode first = answers(register.commandId(), 1).get(0);
        assertThat(first.get("status").asText()).isEqualTo("ACCEPTED");

        kafka.send(COMMANDS, key, truncated(register));

        assertThat(answers(register.commandId(), 2).get(1)).isEqualTo(first);
        assertThat(events(first.get("customerId").asText())).isOne();
    }

    @Test
    void aValidCommandAfterBrokenJsonWithItsCommandIdGetsTheInvalidJsonAnswerAgainAndIsNotApplied() {
        TestCommand register = TestCommand.registerErika("c-" + UUID.randomUUID());
        String key = "webshop:" + register.commandId();

        kafka.send(COMMANDS, key, truncated(register));
        kafka.send(COMMANDS, key, register.json());

        List<JsonNode> answers = answers(register.commandId(), 2);
        assertThat(answers.get(0)).isEqualTo(
                rejected(register.commandId(), "INVALID_JSON", null, "the record is not valid JSON"));
        assertThat(answers.get(1)).isEqualTo(answers.get(0));
        assertThat(accepted(register)).as("nothing applied").isZero();
    }

    @Test
    void aRepeatedJsonKeyIsInvalidJsonEveryTimeAndForTheValidCommandWithTheSameId() {
        TestCommand register = TestCommand.registerErika("c-" + UUID.randomUUID());
        String key = "webshop:" + register.commandId();
        // two readers could take either type: no reader gets to choose
        String repeatedKey = register.json().replaceFirst("\"type\":\"RegisterCustomer\"",
                "\"type\":\"RegisterCustomer\",\"type\":\"UpdateContactDetails\"");

        kafka.send(COMMANDS, key, repeatedKey);
        kafka.send(COMMANDS, key, repeatedKey);
        kafka.send(COMMANDS, key, register.json());

        List<JsonNode> answers = answers(register.commandId(), 3);
        assertThat(answers.get(0)).isEqualTo(
                rejected(register.commandId(), "INVALID_JSON", null, "the record is not valid JSON"));
        assertThat(answers).containsOnly(answers.get(0));
        assertThat(accepted(register)).isZero();
    }

    @Test
    void aRepeatedDeferredErasureRepeatsEveryFieldOfTheFirstAnswerIncludingDeferredUntil() {
        Commands commands = new Commands(kafka, COMMANDS, results);
        String customerId = commands.accepted(TestCommand.registerLead("lead-" + UUID.randomUUID(), "Hanna Hold",
                TestCommand.uniqueEmail("hanna")));
        Instant until = clock.instant().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        commands.accepted(TestCommand.of("PlaceLegalHold").from("crm").forPurpose("lead")
                .with("customerId", customerId).with("until", until.toString()).with("basis", "TAX_RETENTION"));
        TestCommand erase = TestCommand.of("EraseCustomer").from("crm").forPurpose("lead")
                .with("customerId", customerId).with("reason", "DATA_SUBJECT_REQUEST");

        JsonNode first = commands.send(erase);
        assertThat(first.get("deferredUntil").asText()).isEqualTo(until.toString());
        for (int i = 0; i < 3; i++) {
            kafka.send(COMMANDS, customerId, erase.json());
        }

        assertThat(answers(erase.commandId(), 4)).containsOnly(first);
        // the batch path reads the whole batch's answers in one query: it repeats the deferral too
        List<CommandResult> redecided = batch.decide(List.of(reading(erase), reading(erase))).orElseThrow()
                .stream().map(CommandBatch.Decision::result).toList();
        assertThat(redecided).allSatisfy(result -> {
            assertThat(result.deferredUntil()).isEqualTo(until.toString());
            assertThat(Commands.json(json(result))).isEqualTo(first);
        });
    }

    @Test
    void aCommandIdInAnyCaseIsOneCommandAnsweredUnderTheIdAsSent() {
        TestCommand lower = TestCommand.registerErika("c-" + UUID.randomUUID());
        String upperId = lower.commandId().toUpperCase(Locale.ROOT);
        TestCommand upper = TestCommand.registerErika("c-" + UUID.randomUUID()).envelope("commandId", upperId);
        String key = "webshop:" + upperId;

        kafka.send(COMMANDS, key, upper.json());
        JsonNode first = answers(upperId, 1).get(0);
        kafka.send(COMMANDS, key, lower.json());
        JsonNode second = answers(lower.commandId(), 1).get(0);
        kafka.send(COMMANDS, key, upper.json());

        assertThat(first.get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(first.get("commandId").asText()).isEqualTo(upperId);
        assertThat(second.get("commandId").asText()).isEqualTo(lower.commandId());
        assertThat(without(second, "commandId")).as("the first answer, under the id as sent")
                .isEqualTo(without(first, "commandId"));
        assertThat(answers(upperId, 2).get(1)).isEqualTo(first);
        assertThat(events(first.get("customerId").asText())).as("one command, applied once").isOne();
    }

    private List<JsonNode> answers(String key, int count) {
        return results.await(record -> key.equals(record.key()), count).stream()
                .peek(record -> assertThat(Commands.json(record.value()).get("commandId").asText()).isEqualTo(key))
                .map(record -> Commands.json(record.value())).toList();
    }

    /** Cut off after the commandId: not JSON, but the id can be read. */
    private static String truncated(TestCommand command) {
        return "{\"commandId\":\"" + command.commandId() + "\",\"type\":\"RegisterCustomer\",\"payload\":{\"name\":\"Eri";
    }

    private long events(String customerId) {
        return jdbc.queryForObject("SELECT count(*) FROM event_store.domain_event_entry WHERE aggregateIdentifier = ?",
                Long.class, customerId);
    }

    private long accepted(TestCommand registration) {
        return jdbc.queryForObject("SELECT count(*) FROM event_store.command_log WHERE command_id = ?::uuid "
                + "AND status = 'ACCEPTED'", Long.class, registration.commandId().toLowerCase(Locale.ROOT));
    }

    private static JsonNode without(JsonNode answer, String field) {
        var copy = answer.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove(field);
        return copy;
    }

    private static byte[] json(CommandResult result) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(result);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The record as the listener hands it to the batch: read once. */
    private static Reading reading(TestCommand command) {
        return new EnvelopeReader().read(command.json().getBytes(StandardCharsets.UTF_8), null);
    }
}
