package dev.lethe.command.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.command.support.KafkaTestClient.TopicReader;
import java.io.IOException;

/** Sends commands the way a source system does and waits for their one result. */
public final class Commands {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaTestClient kafka;
    private final String commandsTopic;
    private final TopicReader results;

    public Commands(KafkaTestClient kafka, String commandsTopic, TopicReader results) {
        this.kafka = kafka;
        this.commandsTopic = commandsTopic;
        this.results = results;
    }

    public JsonNode send(TestCommand command) {
        kafka.send(commandsTopic, command.commandId(), command.json());
        return awaitResult(command);
    }

    public JsonNode awaitResult(TestCommand command) {
        return json(results.await(record -> command.commandId().equals(record.key())).value());
    }

    /** The customerId of an ACCEPTED result; fails the test with the whole result otherwise. */
    public String accepted(TestCommand command) {
        JsonNode result = send(command);
        if (!"ACCEPTED".equals(result.path("status").asText())) {
            throw new AssertionError("expected ACCEPTED but got " + result);
        }
        return result.get("customerId").asText();
    }

    public static JsonNode json(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new AssertionError("a result is not JSON", e);
        }
    }
}
