package dev.lethe.command.ingress;

import static dev.lethe.command.support.KafkaTestClient.TopicReader.header;
import static dev.lethe.command.support.KafkaTestClient.TopicReader.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.command.ingress.deadletter.IngressKeys;
import dev.lethe.command.ingress.deadletter.SealedDeadLetter;
import dev.lethe.command.support.CommandServiceIntegrationTest;
import dev.lethe.command.support.KafkaTestClient.TopicReader;
import dev.lethe.command.support.TestCommand;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class CommandIngressIT extends CommandServiceIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    IngressKeys ingressKeys;

    private TopicReader results;
    private OpenedDeadLetters opened;

    @BeforeEach
    void readResults() {
        results = kafka.read(RESULTS);
        opened = new OpenedDeadLetters(ingressKeys);
    }

    @Test
    void aRegistrationIsAcceptedAndStoredWithEveryPersonalFieldEncrypted() {
        TestCommand register = TestCommand.registerErika("c-" + UUID.randomUUID());

        JsonNode result = send(register);

        assertThat(result.get("status").asText()).isEqualTo("ACCEPTED");
        String customerId = result.get("customerId").asText();
        byte[] stored = jdbc.queryForObject("SELECT payload FROM event_store.domain_event_entry "
                + "WHERE aggregateIdentifier = ?", byte[].class, customerId);
        assertThat(new String(stored, StandardCharsets.UTF_8)).contains(customerId, "webshop", "order-fulfilment");
        String phone = register.payloadText("phone").replace(" ", "");
        for (String plaintext : List.of("Erika Mustermann", register.payloadText("email"), phone, "Hauptstr. 1", "Berlin")) {
            assertThat(new String(stored, StandardCharsets.UTF_8)).doesNotContain(plaintext);
            assertThat(HexFormat.of().formatHex(stored)).doesNotContain(HexFormat.of().formatHex(plaintext.getBytes(StandardCharsets.UTF_8)));
            assertThat(new String(stored, StandardCharsets.UTF_8))
                    .doesNotContain(Base64.getEncoder().encodeToString(plaintext.getBytes(StandardCharsets.UTF_8)));
        }
    }

    static Stream<Arguments> badCommands() {
        return Stream.of(
                Arguments.of("an unknown command type", TestCommand.of("DeleteEverything"),
                        "UNKNOWN_COMMAND_TYPE", "type"),
                Arguments.of("no source", TestCommand.registerErika("c-1").envelope("source", null),
                        "MISSING_FIELD", "source"),
                Arguments.of("a registration without the source's reference", TestCommand.registerErika("c-1").without("sourceCustomerId"),
                        "MISSING_FIELD", "payload.sourceCustomerId"),
                Arguments.of("a malformed email", TestCommand.registerErika("c-2").with("email", "erika-at-example.org"),
                        "INVALID_EMAIL", "payload.email"),
                Arguments.of("a phone number without country code", TestCommand.registerErika("c-3").with("phone", "030 1234567"),
                        "INVALID_PHONE", "payload.phone"),
                Arguments.of("a birth date that is no date", TestCommand.of("RegisterCustomer").from("support").forPurpose("customer-service")
                        .with("sourceCustomerId", "s-1").with("birthDate", "12.08.1964"), "INVALID_DATE", "payload.birthDate"),
                Arguments.of("a phone number for the lead purpose", TestCommand.registerLead("l-1", "Erika", "erika@example.org")
                        .with("phone", "+49 30 1234567"), "FIELD_NOT_PERMITTED_FOR_PURPOSE", "payload.phone"),
                Arguments.of("a field the command does not define", TestCommand.registerErika("c-4").with("taxId", "DE123"),
                        "UNKNOWN_FIELD", "payload.taxId"),
                Arguments.of("an unknown source system", TestCommand.registerErika("c-5").from("spreadsheet"),
                        "SOURCE_NOT_AUTHORISED", "source"),
                Arguments.of("a command type the source may not send", TestCommand.of("EraseCustomer")
                        .with("customerId", UUID.randomUUID().toString()).with("reason", "DATA_SUBJECT_REQUEST"),
                        "SOURCE_NOT_AUTHORISED", "type"),
                Arguments.of("a purpose the source may not use", TestCommand.registerErika("c-6").forPurpose("lead"),
                        "SOURCE_NOT_AUTHORISED", "purpose"),
                Arguments.of("an unknown purpose", TestCommand.registerErika("c-7").forPurpose("profiling"),
                        "UNKNOWN_PURPOSE", "purpose"),
                Arguments.of("a customer that does not exist", TestCommand.of("UpdateContactDetails")
                        .with("customerId", UUID.randomUUID().toString()).with("name", "Erika"),
                        "CUSTOMER_NOT_FOUND", "payload.customerId"),
                Arguments.of("a source reference that was never registered", TestCommand.of("UpdateContactDetails")
                        .with("sourceCustomerId", "never-registered").with("name", "Erika"),
                        "CUSTOMER_NOT_FOUND", "payload.sourceCustomerId"),
                Arguments.of("a command id that is no UUID", TestCommand.registerErika("c-8").envelope("commandId", "order-42"),
                        "INVALID_FIELD", "commandId"));
    }

    @ParameterizedTest(name = "{0} is rejected with {2}")
    @MethodSource("badCommands")
    void badInputIsRejectedWithASpecificCodeAndChangesNothing(String description, TestCommand command, String code,
                                                              String field) {
        long eventsBefore = eventCount();

        JsonNode result = send(command);

        assertThat(result.get("status").asText()).isEqualTo("REJECTED");
        assertThat(result.get("code").asText()).isEqualTo(code);
        assertThat(result.get("field").asText()).isEqualTo(field);
        assertThat(result.get("message").asText()).isNotBlank().doesNotContain("Erika", "erika@example.org");
        assertThat(eventCount()).isEqualTo(eventsBefore);
    }

    @Test
    void anOversizedCommandIsRejectedAsTooLarge() {
        TestCommand command = TestCommand.registerErika("c-big").with("name", "x".repeat(70_000));

        JsonNode result = send(command);

        assertThat(result.get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void truncatedJsonIsAnsweredWithInvalidJsonAndParked() {
        String commandId = UUID.randomUUID().toString();
        String truncated = "{\"commandId\":\"" + commandId + "\",\"type\":\"RegisterCustomer\",\"payload\":{\"name\":\"Eri";
        TopicReader dlq = kafka.read(DLQ);

        kafka.send(COMMANDS, "webshop:c-9", truncated);

        JsonNode result = json(results.await(record -> commandId.equals(record.key())));
        assertThat(result.get("code").asText()).isEqualTo("INVALID_JSON");
        ConsumerRecord<String, byte[]> parked = dlq.await(record -> truncated.equals(opened.text(record)));
        assertThat(header(parked, "lethe.error.code")).isEqualTo("INVALID_JSON");
        assertThat(header(parked, "lethe.original.topic")).isEqualTo(COMMANDS);
        assertThat(text(parked)).as("sealed, not in clear").doesNotContain("Eri", commandId);
        assertThat(parked.key()).as("a keyed digest of the producer's key")
                .isEqualTo(SealedDeadLetter.digestKey(opened.key(parked).orElseThrow(), "webshop:c-9"));
    }

    @Test
    void aRecordWithoutCommandIdGoesToTheDeadLetterTopicWithErrorHeaders() {
        String marker = UUID.randomUUID().toString();
        TopicReader dlq = kafka.read(DLQ);

        kafka.send(COMMANDS, marker, "not json at all");
        kafka.send(COMMANDS, marker, "{\"type\":\"RegisterCustomer\"}");

        List<ConsumerRecord<String, byte[]>> parked = dlq.await(record -> marker.equals(opened.originalKey(record)), 2);
        assertThat(parked).extracting(record -> header(record, "lethe.error.code"))
                .containsExactly("INVALID_JSON", "MISSING_FIELD");
        assertThat(parked).allSatisfy(record -> assertThat(header(record, "lethe.original.offset")).isNotBlank());
    }

    @Test
    void aValidCommandAfterARunOfBadOnesIsStillProcessed() {
        for (int i = 0; i < 20; i++) {
            kafka.send(COMMANDS, "webshop:noise", "{broken " + i);
        }
        TestCommand valid = TestCommand.registerErika("c-" + UUID.randomUUID());

        assertThat(send(valid).get("status").asText()).isEqualTo("ACCEPTED");
    }

    @Test
    void aCommandSentThreeTimesIsAppliedOnceAndAnsweredThreeTimesAlike() {
        TestCommand register = TestCommand.registerErika("c-" + UUID.randomUUID());
        long eventsBefore = eventCount();

        for (int i = 0; i < 3; i++) {
            kafka.send(COMMANDS, "webshop:dup", register.json());
        }

        List<ConsumerRecord<String, byte[]>> answers = results.await(record -> register.commandId().equals(record.key()), 3);
        assertThat(answers).extracting(TopicReader::text).containsOnly(text(answers.get(0)));
        assertThat(json(answers.get(0)).get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(eventCount()).isEqualTo(eventsBefore + 1);
    }

    @Test
    void aSecondRegistrationOfTheSameSourceRecordIsRejected() {
        String reference = "c-" + UUID.randomUUID();
        assertThat(send(TestCommand.registerErika(reference)).get("status").asText()).isEqualTo("ACCEPTED");

        JsonNode second = send(TestCommand.registerErika(reference));

        assertThat(second.get("code").asText()).isEqualTo("SOURCE_RECORD_ALREADY_REGISTERED");
    }

    @Test
    void laterCommandsCanAddressTheCustomerByTheSourcesOwnReference() {
        String reference = "c-" + UUID.randomUUID();
        String customerId = send(TestCommand.registerErika(reference)).get("customerId").asText();

        JsonNode update = send(TestCommand.of("UpdateContactDetails").with("sourceCustomerId", reference)
                .with("email", TestCommand.uniqueEmail("erika.m")));

        assertThat(update.get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(update.get("customerId").asText()).isEqualTo(customerId);
    }

    private JsonNode send(TestCommand command) {
        kafka.send(COMMANDS, "webshop:" + command.commandId(), command.json());
        return json(results.await(record -> command.commandId().equals(record.key())));
    }

    private long eventCount() {
        return jdbc.queryForObject("SELECT count(*) FROM event_store.domain_event_entry", Long.class);
    }

    private static JsonNode json(ConsumerRecord<String, byte[]> record) {
        try {
            return JSON.readTree(record.value());
        } catch (java.io.IOException e) {
            throw new AssertionError("a result is not JSON", e);
        }
    }
}
