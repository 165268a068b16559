package dev.lethe.command.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.command.config.LetheTopics;
import dev.lethe.contract.envelope.CommandResult;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.KafkaException;
import org.springframework.stereotype.Component;

/** Sends each command's result to {@code lethe.command-results} and waits until the broker has it. */
@Component
class CommandResults {

    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final KafkaTemplate<String, byte[]> kafka;
    private final LetheTopics topics;
    private final ObjectMapper json = new ObjectMapper();

    CommandResults(KafkaTemplate<String, byte[]> kafka, LetheTopics topics) {
        this.kafka = kafka;
        this.topics = topics;
    }

    void publish(CommandResult result) {
        try {
            kafka.send(topics.commandResults(), result.commandId(), json.writeValueAsBytes(result))
                    .get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while sending a command result", e);
        } catch (ExecutionException | TimeoutException | JsonProcessingException e) {
            throw new KafkaException("could not send a command result", e);
        }
    }
}
