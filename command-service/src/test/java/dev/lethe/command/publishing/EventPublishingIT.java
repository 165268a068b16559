package dev.lethe.command.publishing;

import static dev.lethe.command.support.KafkaTestClient.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.command.support.CommandServiceIntegrationTest;
import dev.lethe.command.support.KafkaTestClient.TopicReader;
import dev.lethe.command.support.TestCommand;
import dev.lethe.contract.customer.CustomerRegistered;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class EventPublishingIT extends CommandServiceIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everyStoredEventReachesTheEventTopicExactlyAsStoredKeyedByCustomer() throws Exception {
        TopicReader results = kafka.read(RESULTS);
        TopicReader events = kafka.read(EVENTS);
        TestCommand register = TestCommand.registerErika("c-" + UUID.randomUUID());
        kafka.send(COMMANDS, "webshop:pub", register.json());
        String customerId = new ObjectMapper().readTree(
                results.await(record -> register.commandId().equals(record.key())).value()).get("customerId").asText();
        TestCommand update = TestCommand.of("UpdateContactDetails").with("customerId", customerId).with("name", "Erika M.");
        kafka.send(COMMANDS, "webshop:pub", update.json());

        List<ConsumerRecord<String, byte[]>> published = events.await(record -> customerId.equals(record.key()), 2);

        List<Map<String, Object>> stored = jdbc.queryForList("SELECT eventIdentifier, globalIndex, payload "
                + "FROM event_store.domain_event_entry WHERE aggregateIdentifier = ? ORDER BY sequenceNumber", customerId);
        assertThat(published).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(published.get(i).value()).isEqualTo((byte[]) stored.get(i).get("payload"));
            assertThat(header(published.get(i), "lethe.event.id")).isEqualTo(stored.get(i).get("eventIdentifier"));
            assertThat(header(published.get(i), "lethe.event.global-sequence"))
                    .isEqualTo(String.valueOf(stored.get(i).get("globalIndex")));
        }
        ConsumerRecord<String, byte[]> registered = published.get(0);
        assertThat(header(registered, "lethe.event.type")).isEqualTo(CustomerRegistered.class.getName());
        assertThat(header(registered, "lethe.event.revision")).isEqualTo("1");
        assertThat(header(registered, "lethe.commandId")).isEqualTo(register.commandId());
        assertThat(header(registered, "lethe.source")).isEqualTo("webshop");
        assertThat(header(registered, "lethe.actor")).isEqualTo("agent-17");
        assertThat(header(published.get(1), "lethe.commandId")).isEqualTo(update.commandId());
    }
}
