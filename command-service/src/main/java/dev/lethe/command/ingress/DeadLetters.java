package dev.lethe.command.ingress;

import dev.lethe.command.config.LetheTopics;
import dev.lethe.command.customer.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Parks records that cannot be handled as commands on {@code lethe.commands.dlq}, unchanged, with headers
 * saying why and where they came from. The headers hold codes and our own messages only: never the text of
 * a parser exception, which quotes the input.
 */
@Component
class DeadLetters {

    static final String ERROR_CODE = "lethe.error.code";
    static final String ERROR_MESSAGE = "lethe.error.message";
    static final String ORIGINAL_TOPIC = "lethe.original.topic";
    static final String ORIGINAL_PARTITION = "lethe.original.partition";
    static final String ORIGINAL_OFFSET = "lethe.original.offset";

    private final KafkaTemplate<String, byte[]> kafka;
    private final LetheTopics topics;

    DeadLetters(KafkaTemplate<String, byte[]> kafka, LetheTopics topics) {
        this.kafka = kafka;
        this.topics = topics;
    }

    void park(ConsumerRecord<String, byte[]> record, Rejection code, String message) {
        var dead = new ProducerRecord<>(topics.commandsDlq(), record.key(), record.value());
        dead.headers()
                .add(ERROR_CODE, bytes(code.name()))
                .add(ERROR_MESSAGE, bytes(message))
                .add(ORIGINAL_TOPIC, bytes(record.topic()))
                .add(ORIGINAL_PARTITION, bytes(String.valueOf(record.partition())))
                .add(ORIGINAL_OFFSET, bytes(String.valueOf(record.offset())));
        try {
            kafka.send(dead).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while parking a record", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("could not park a record on the dead-letter topic", e);
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
