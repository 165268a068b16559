package dev.lethe.command.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.command.support.CommandServiceIntegrationTest;
import dev.lethe.command.support.KafkaTestClient.TopicReader;
import dev.lethe.command.support.TestCommand;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** A customer with a long history is snapshotted, and the snapshot holds decisions only, no personal data. */
class LongCustomerHistoryIT extends CommandServiceIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aLongHistoryIsSnapshottedWithoutPersonalDataAndKeepsWorking() throws Exception {
        TopicReader results = kafka.read(RESULTS);
        String reference = "l-" + UUID.randomUUID();
        TestCommand register = TestCommand.registerLead(reference, "Erika Mustermann", TestCommand.uniqueEmail("erika"));
        kafka.send(COMMANDS, reference, register.json());
        String customerId = new ObjectMapper().readTree(
                results.await(record -> register.commandId().equals(record.key())).value()).get("customerId").asText();

        Set<String> sent = new HashSet<>();
        for (int i = 0; i < 110; i++) {
            TestCommand last = TestCommand.of(i % 2 == 0 ? "GrantConsent" : "WithdrawConsent").from("crm").forPurpose("marketing")
                    .with("sourceCustomerId", reference).with("channel", "email");
            if (i % 2 == 0) {
                last.with("consentTextVersion", "v" + i);
            }
            kafka.send(COMMANDS, reference, last.json());
            sent.add(last.commandId());
        }
        List<ConsumerRecord<String, byte[]>> answers = results.await(record -> sent.contains(record.key()), sent.size());
        assertThat(answers).allSatisfy(answer ->
                assertThat(new String(answer.value(), StandardCharsets.UTF_8)).contains("\"status\":\"ACCEPTED\""));

        byte[] snapshot = jdbc.queryForObject("SELECT payload FROM event_store.snapshot_event_entry "
                + "WHERE aggregateIdentifier = ? ORDER BY sequenceNumber DESC LIMIT 1", byte[].class, customerId);
        String snapshotJson = new String(snapshot, StandardCharsets.UTF_8);
        assertThat(snapshotJson).contains(customerId).doesNotContain("Erika", register.payloadText("email"), reference);
    }
}
