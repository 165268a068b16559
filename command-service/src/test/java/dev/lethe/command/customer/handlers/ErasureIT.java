package dev.lethe.command.customer.handlers;

import static dev.lethe.command.support.KafkaTestClient.TopicReader.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.command.support.CommandServiceIntegrationTest;
import dev.lethe.localstack.evidence.DatabaseDump;
import dev.lethe.command.support.KafkaTestClient.TopicReader;
import dev.lethe.localstack.evidence.PlaintextScan;
import dev.lethe.command.support.TestCommand;
import dev.lethe.contract.Personal;
import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.localstack.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Erasure is real: after {@code EraseCustomer} the person's key is gone, their stored events still load
 * with every personal field erased, and no trace of their data is left in a dump of the database, in the
 * event topic or in the service's log.
 */
class ErasureIT extends CommandServiceIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventStore eventStore;

    @Test
    void anErasedPersonLeavesNoReadableTraceInTheDatabaseTheEventTopicOrTheLog() throws Exception {
        String canary = UUID.randomUUID().toString().substring(0, 8);
        String name = "Canary Name " + canary;
        String email = "canary." + canary + "@example.org";
        String reference = "canary-ref-" + canary;
        List<String> canaries = List.of(name, email, reference);
        TopicReader results = kafka.read(RESULTS);
        TopicReader events = kafka.read(EVENTS);

        String customerId = send(results, TestCommand.registerLead(reference, name, email)).get("customerId").asText();
        send(results, TestCommand.of("GrantConsent").from("crm").forPurpose("marketing")
                .with("customerId", customerId).with("channel", "email").with("consentTextVersion", "v3"));
        events.await(record -> customerId.equals(record.key()), 2);

        // positive control: the data is really there, and the scan finds what the dump holds in the clear
        assertThat(registration(customerId).name()).isEqualTo(Personal.of(name));
        String beforeErasure = dump();
        assertThat(PlaintextScan.formsFound(beforeErasure, customerId)).contains("plain");
        // the source reference is stored only as a blind index, even before erasure
        assertThat(PlaintextScan.formsFound(beforeErasure, reference)).isEmpty();

        JsonNode erased = send(results, TestCommand.of("EraseCustomer").from("crm").forPurpose("lead")
                .with("customerId", customerId).with("reason", "DATA_SUBJECT_REQUEST"));
        assertThat(erased.get("status").asText()).isEqualTo("ACCEPTED");
        events.await(record -> customerId.equals(record.key()), 3);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM key_vault.data_key WHERE subject_id = ?", Long.class,
                customerId)).isZero();
        CustomerRegistered afterErasure = registration(customerId);
        assertThat(afterErasure.name().isErased()).isTrue();
        assertThat(afterErasure.email().isErased()).isTrue();
        assertThat(afterErasure.sourceCustomerId().isErased()).isTrue();
        assertThat(afterErasure.source()).isEqualTo("crm");

        String databaseDump = dump();
        String eventTopic = events.poll().stream().map(record -> text(record) + headers(record))
                .collect(Collectors.joining("\n"));
        String log = Files.readString(Path.of(LOG_FILE), StandardCharsets.UTF_8);
        for (String value : canaries) {
            assertThat(PlaintextScan.formsFound(databaseDump, value)).as("database dump: %s", value).isEmpty();
            assertThat(PlaintextScan.formsFound(eventTopic, value)).as("lethe.events: %s", value).isEmpty();
            assertThat(PlaintextScan.formsFound(log, value)).as("service log: %s", value).isEmpty();
        }
    }

    @Test
    void anErasedCustomerRejectsEveryLaterCommand() throws Exception {
        TopicReader results = kafka.read(RESULTS);
        String customerId = send(results, TestCommand.registerLead("l-" + UUID.randomUUID(), "Erika",
                TestCommand.uniqueEmail("erika")))
                .get("customerId").asText();
        send(results, TestCommand.of("EraseCustomer").from("crm").with("customerId", customerId)
                .forPurpose("lead").with("reason", "RETENTION_EXPIRED"));

        JsonNode update = send(results, TestCommand.of("UpdateContactDetails").from("crm").forPurpose("lead")
                .with("customerId", customerId).with("name", "Erika M."));
        JsonNode eraseAgain = send(results, TestCommand.of("EraseCustomer").from("crm").forPurpose("lead")
                .with("customerId", customerId).with("reason", "DATA_SUBJECT_REQUEST"));

        assertThat(update.get("code").asText()).isEqualTo("CUSTOMER_ERASED");
        assertThat(eraseAgain.get("code").asText()).isEqualTo("CUSTOMER_ERASED");
    }

    private CustomerRegistered registration(String customerId) {
        return (CustomerRegistered) eventStore.readEvents(customerId).asStream()
                .filter(event -> event.getPayload() instanceof CustomerRegistered)
                .findFirst().orElseThrow().getPayload();
    }

    private static String dump() {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        return DatabaseDump.of(databaseUrl(), infrastructure.username(), infrastructure.password());
    }

    private static String headers(ConsumerRecord<String, byte[]> record) {
        StringBuilder all = new StringBuilder();
        record.headers().forEach(header -> all.append(' ').append(header.key()).append('=')
                .append(new String(header.value(), StandardCharsets.UTF_8)));
        return all.toString();
    }

    private static JsonNode send(TopicReader results, TestCommand command) throws Exception {
        kafka.send(COMMANDS, "crm:" + command.commandId(), command.json());
        return JSON.readTree(results.await(record -> command.commandId().equals(record.key())).value());
    }
}
