package dev.lethe.command.ingress.deadletter;

import dev.lethe.command.ingress.transport.LetheTopics;
import dev.lethe.shredding.DataKey;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javax.crypto.AEADBadTagException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/** The operator's tool for dead letters: reads one from the DLQ and opens it with its ingress key, while that lives. */
@Component
class DeadLetterReader {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

    private final ConsumerFactory<?, ?> consumers;
    private final IngressKeys keys;
    private final String topic;

    DeadLetterReader(ConsumerFactory<?, ?> consumers, IngressKeys keys, LetheTopics topics) {
        this.consumers = consumers;
        this.keys = keys;
        this.topic = topics.commandsDlq();
    }

    /**
     * @param key   the original record key; null when it had none
     * @param value the original value; null when it had none or only a reference was parked
     */
    public record Opened(String topic, int partition, long offset, String errorCode, String errorMessage,
                         String originalTopic, String originalPartition, String originalOffset, String content,
                         String keySubject, String key, String value, String valueBase64) {
    }

    /**
     * @throws DeadLetterException {@code DEAD_LETTER_NOT_FOUND} (no record there), {@code NOT_A_SEALED_DEAD_LETTER}
     *                             (no ingress key named), {@code INGRESS_KEY_DESTROYED} (its key is gone: it stays
     *                             unreadable), {@code DEAD_LETTER_TAMPERED} (the bytes do not authenticate)
     */
    public Opened read(int partition, long offset) {
        ConsumerRecord<String, byte[]> parked = fetch(partition, offset)
                .orElseThrow(() -> new DeadLetterException("DEAD_LETTER_NOT_FOUND",
                        "no dead letter at partition " + partition + ", offset " + offset));
        String subject = SealedDeadLetter.header(parked.headers(), SealedDeadLetter.KEY_SUBJECT);
        if (subject == null) {
            throw new DeadLetterException("NOT_A_SEALED_DEAD_LETTER", "the record names no ingress key");
        }
        DataKey key = keys.existing(subject)
                .filter(found -> found.keyId().equals(SealedDeadLetter.header(parked.headers(), SealedDeadLetter.KEY_ID)))
                .orElseThrow(() -> new DeadLetterException("INGRESS_KEY_DESTROYED",
                        "the ingress key " + subject + " is destroyed: this dead letter can no longer be read"));
        try {
            byte[] value = SealedDeadLetter.openValue(key, parked);
            return new Opened(parked.topic(), parked.partition(), parked.offset(),
                    SealedDeadLetter.header(parked.headers(), SealedDeadLetter.ERROR_CODE),
                    SealedDeadLetter.header(parked.headers(), SealedDeadLetter.ERROR_MESSAGE),
                    SealedDeadLetter.header(parked.headers(), SealedDeadLetter.ORIGINAL_TOPIC),
                    SealedDeadLetter.header(parked.headers(), SealedDeadLetter.ORIGINAL_PARTITION),
                    SealedDeadLetter.header(parked.headers(), SealedDeadLetter.ORIGINAL_OFFSET),
                    SealedDeadLetter.header(parked.headers(), SealedDeadLetter.CONTENT), subject,
                    SealedDeadLetter.openKey(key, parked), text(value),
                    value == null ? null : Base64.getEncoder().encodeToString(value));
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new DeadLetterException("DEAD_LETTER_TAMPERED",
                    "the dead letter does not authenticate under its ingress key");
        }
    }

    @SuppressWarnings("unchecked")
    private Optional<ConsumerRecord<String, byte[]>> fetch(int partition, long offset) {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        try (Consumer<String, byte[]> consumer = (Consumer<String, byte[]>) consumers.createConsumer(
                "lethe-dead-letter-reader", "lethe-dead-letter-reader", null, overrides)) {
            TopicPartition topicPartition = new TopicPartition(topic, partition);
            List<TopicPartition> assigned = List.of(topicPartition);
            consumer.assign(assigned);
            Long start = consumer.beginningOffsets(assigned, READ_TIMEOUT).get(topicPartition);
            Long end = consumer.endOffsets(assigned, READ_TIMEOUT).get(topicPartition);
            if (start == null || end == null || offset < start || offset >= end) {
                return Optional.empty();
            }
            consumer.seek(topicPartition, offset);
            Instant deadline = Instant.now().plus(READ_TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() == offset) {
                        return Optional.of(record);
                    }
                    if (record.offset() > offset) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.empty();
        } catch (org.apache.kafka.common.errors.InvalidTopicException
                 | org.apache.kafka.common.errors.UnknownTopicOrPartitionException e) {
            return Optional.empty();
        }
    }

    /** The value as text when it is UTF-8 (commands are JSON), else null: then only the Base64 form is given. */
    private static String text(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
