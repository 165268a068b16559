package dev.lethe.command.customer;

import static dev.lethe.command.support.KafkaTestClient.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.command.retention.RetentionSweeper;
import dev.lethe.command.support.CommandServiceIntegrationTest;
import dev.lethe.command.support.Commands;
import dev.lethe.command.support.KafkaTestClient.TopicReader;
import dev.lethe.command.support.TestClock;
import dev.lethe.command.support.TestCommand;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A legal hold defers erasure: the data subject's request is answered {@code ERASURE_DEFERRED_LEGAL_HOLD} with the
 * hold's end, processing is restricted, the key stays, retention leaves the person alone, and when the hold ends a
 * sweep erases the person with the reason they asked for.
 */
class LegalHoldIT extends CommandServiceIntegrationTest {

    private static final String EVENT_TYPE = "lethe.event.type";

    @Autowired
    RetentionSweeper sweeper;
    @Autowired
    TestClock clock;
    @Autowired
    JdbcTemplate jdbc;

    private Commands commands;
    private TopicReader events;

    @BeforeEach
    void connect() {
        commands = new Commands(kafka, COMMANDS, kafka.read(RESULTS));
        events = kafka.read(EVENTS);
    }

    @AfterEach
    void backToNow() {
        clock.reset();
    }

    @Test
    void anErasureDuringAHoldIsDeferredWithTheEndDateAndCarriedOutBySweepWhenTheHoldEnds() throws Exception {
        String customerId = registerLead();
        Instant until = clock.instant().plus(Duration.ofDays(365)).truncatedTo(ChronoUnit.SECONDS);
        commands.accepted(hold(customerId, until.toString(), "TAX_RETENTION"));

        TestCommand erase = TestCommand.of("EraseCustomer").from("crm").forPurpose("lead")
                .with("customerId", customerId).with("reason", "DATA_SUBJECT_REQUEST");
        JsonNode answer = commands.send(erase);

        assertThat(answer.get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(answer.get("code").asText()).isEqualTo("ERASURE_DEFERRED_LEGAL_HOLD");
        assertThat(answer.get("deferredUntil").asText()).isEqualTo(until.toString());
        assertThat(answer.get("message").asText()).contains(until.toString());
        assertThat(hasKey(customerId)).isTrue();
        assertThat(eventTypes(customerId, 4)).containsSubsequence("LegalHoldPlaced", "ProcessingRestricted",
                "ErasureDeferred");
        // the restriction that came with the deferral stays until the erasure
        JsonNode lift = commands.send(TestCommand.of("LiftRestriction").from("crm").forPurpose("lead")
                .with("customerId", customerId));
        assertThat(List.of(lift.get("code").asText(), lift.get("field").asText()))
                .containsExactly("ERASURE_PENDING", "customerId");
        // a redelivered request gets the same answer from the command log
        kafka.send(COMMANDS, erase.commandId(), erase.json());
        assertThat(commands.awaitResult(erase).get("deferredUntil").asText()).isEqualTo(until.toString());

        // 200 days on the lead rule (180 days) would apply, but a held person is never erased by retention
        clock.advance(Duration.ofDays(200));
        sweeper.sweep("TEST");
        assertThat(hasKey(customerId)).as("erased during the hold").isTrue();

        clock.advance(Duration.ofDays(166));
        sweeper.sweep("TEST");

        assertThat(hasKey(customerId)).as("key after the hold").isFalse();
        ConsumerRecord<String, byte[]> erased = events.await(record -> customerId.equals(record.key())
                && "dev.lethe.contract.customer.CustomerErased".equals(header(record, EVENT_TYPE)));
        assertThat(Commands.json(erased.value()).get("reason").asText()).isEqualTo("DATA_SUBJECT_REQUEST");
        assertThat(header(erased, "lethe.source")).isEqualTo("lethe-retention");
    }

    @Test
    void aReleasedHoldLetsTheNextSweepCarryOutTheDeferredErasure() {
        String customerId = registerLead();
        commands.accepted(hold(customerId, clock.instant().plus(Duration.ofDays(3650)).toString(), "LEGAL_CLAIMS"));
        assertThat(commands.send(TestCommand.of("EraseCustomer").from("support").forPurpose("customer-service")
                .with("customerId", customerId).with("reason", "DATA_SUBJECT_REQUEST")).get("code").asText())
                .isEqualTo("ERASURE_DEFERRED_LEGAL_HOLD");

        commands.accepted(TestCommand.of("ReleaseLegalHold").from("crm").forPurpose("lead").with("customerId", customerId));
        clock.advance(Duration.ofSeconds(1));
        sweeper.sweep("TEST");

        assertThat(hasKey(customerId)).isFalse();
    }

    @Test
    void badLegalHoldCommandsAreRejectedWithExactCodesAndFieldsAndChangeNothing() {
        String customerId = registerLead();
        String future = clock.instant().plus(Duration.ofDays(30)).toString();
        Map<TestCommand, List<String>> cases = new LinkedHashMap<>();
        cases.put(hold(customerId, future, "TAX_RETENTION").without("until"), List.of("MISSING_FIELD", "payload.until"));
        cases.put(hold(customerId, "2031-02-30", "TAX_RETENTION"), List.of("INVALID_DATE", "payload.until"));
        cases.put(hold(customerId, clock.instant().minus(Duration.ofDays(1)).toString(), "TAX_RETENTION"),
                List.of("LEGAL_HOLD_ENDS_IN_PAST", "payload.until"));
        cases.put(hold(customerId, future, null).without("basis"), List.of("MISSING_FIELD", "payload.basis"));
        cases.put(hold(customerId, future, "BECAUSE_I_SAY_SO"), List.of("INVALID_FIELD", "payload.basis"));
        cases.put(hold(customerId, future, "TAX_RETENTION").with("note", "x"), List.of("UNKNOWN_FIELD", "payload.note"));
        cases.put(hold(customerId, future, "TAX_RETENTION").from("webshop").forPurpose("order-fulfilment"),
                List.of("SOURCE_NOT_AUTHORISED", "type"));
        cases.put(hold(UUID.randomUUID().toString(), future, "TAX_RETENTION"),
                List.of("CUSTOMER_NOT_FOUND", "payload.customerId"));
        cases.put(TestCommand.of("ReleaseLegalHold").from("crm").forPurpose("lead").with("customerId", customerId),
                List.of("LEGAL_HOLD_NOT_ACTIVE", "customerId"));

        cases.forEach((command, expected) -> {
            JsonNode result = commands.send(command);
            assertThat(List.of(result.path("status").asText(), result.path("code").asText(), result.path("field").asText()))
                    .as(command.json()).containsExactly("REJECTED", expected.get(0), expected.get(1));
        });
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event_store.domain_event_entry WHERE aggregateIdentifier = ? "
                + "AND payloadType LIKE 'dev.lethe.contract.hold.%'", Long.class, customerId)).isZero();
    }

    private String registerLead() {
        return commands.accepted(TestCommand.registerLead("lead-" + UUID.randomUUID(), "Hanna Hold",
                TestCommand.uniqueEmail("hanna")));
    }

    private static TestCommand hold(String customerId, String until, String basis) {
        TestCommand command = TestCommand.of("PlaceLegalHold").from("crm").forPurpose("lead")
                .with("customerId", customerId).with("until", until);
        return basis == null ? command : command.with("basis", basis);
    }

    private boolean hasKey(String customerId) {
        return jdbc.queryForObject("SELECT count(*) FROM key_vault.data_key WHERE subject_id = ?", Long.class,
                customerId) > 0;
    }

    private List<String> eventTypes(String customerId, int count) {
        return events.await(record -> customerId.equals(record.key()), count).stream()
                .map(record -> header(record, EVENT_TYPE))
                .map(type -> type.substring(type.lastIndexOf('.') + 1))
                .toList();
    }
}
