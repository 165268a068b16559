package dev.lethe.command.ingress.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.contract.envelope.CommandResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Sends command results to {@code lethe.command-results} (key = commandId). */
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

    CompletableFuture<?> send(CommandResult result) {
        try {
            return kafka.send(topics.commandResults(), result.commandId(), json.writeValueAsBytes(result));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a command result could not be written as JSON", e);
        }
    }

    /** Waits until the broker acknowledged every send; only then may the commands' offsets be committed. */
    void awaitAll(List<CompletableFuture<?>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while sending command results", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("the broker did not acknowledge command results", e);
        }
    }
}
