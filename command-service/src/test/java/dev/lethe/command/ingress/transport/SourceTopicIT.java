package dev.lethe.command.ingress.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.command.support.CommandServiceIntegrationTest;
import dev.lethe.command.support.KafkaTestClient.TopicReader;
import dev.lethe.command.support.TestCommand;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** A source's own topic, which broker ACLs let only its principal write, takes that source's commands only. */
class SourceTopicIT extends CommandServiceIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcTemplate jdbc;

    private TopicReader results;

    @BeforeEach
    void readResults() {
        results = kafka.read(RESULTS);
    }

    @Test
    void aSourceSendsItsCommandsOnItsOwnTopic() throws Exception {
        TestCommand register = TestCommand.registerErika("c-" + UUID.randomUUID());

        JsonNode result = sendOn(IngressTopics.topicFor(COMMANDS, "webshop"), register);

        assertThat(result.get("status").asText()).isEqualTo("ACCEPTED");
    }

    @Test
    void anEnvelopeClaimingAnotherSourceOnASourcesTopicIsRefusedAndChangesNothing() throws Exception {
        // written by the web shop's principal, but claiming to come from the CRM
        TestCommand forged = TestCommand.registerLead("l-" + UUID.randomUUID(), "Erika",
                TestCommand.uniqueEmail("forged"));
        long eventsBefore = jdbc.queryForObject("SELECT count(*) FROM event_store.domain_event_entry", Long.class);

        JsonNode result = sendOn(IngressTopics.topicFor(COMMANDS, "webshop"), forged);

        assertThat(result.get("status").asText()).isEqualTo("REJECTED");
        assertThat(result.get("code").asText()).isEqualTo("SOURCE_NOT_AUTHORISED");
        assertThat(result.get("field").asText()).isEqualTo("source");
        assertThat(result.get("message").asText()).isEqualTo("this topic takes commands of source 'webshop' only");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event_store.domain_event_entry", Long.class))
                .isEqualTo(eventsBefore);
    }

    private JsonNode sendOn(String topic, TestCommand command) throws Exception {
        kafka.send(topic, command.commandId(), command.json());
        return JSON.readTree(TopicReader.text(results.await(record -> command.commandId().equals(record.key()))));
    }
}
