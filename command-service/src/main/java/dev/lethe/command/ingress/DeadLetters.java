package dev.lethe.command.ingress;

import dev.lethe.command.config.LetheTopics;
import dev.lethe.command.customer.Rejection;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Parks records that cannot be handled as commands on {@code lethe.commands.dlq}, unchanged, with headers
 * saying why and where they came from. The headers hold codes and our own messages only: never the text of
 * a parser exception, which quotes the input.
 *
 * <p>A record the broker took can still be too large to park: the headers are added to it, and a record near the
 * limit ({@code max.request.size} of the producer, {@code max.message.bytes} of the topic, 1 MiB by default) no
 * longer fits. Then a reference is parked instead of the record: where it is ({@code lethe.original.*}), its size
 * and SHA-256 digest, and {@value #CONTENT} = {@value #REFERENCE}. The record itself stays on its topic for that
 * topic's retention.
 */
@Component
class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    static final String ERROR_CODE = "lethe.error.code";
    static final String ERROR_MESSAGE = "lethe.error.message";
    static final String ORIGINAL_TOPIC = "lethe.original.topic";
    static final String ORIGINAL_PARTITION = "lethe.original.partition";
    static final String ORIGINAL_OFFSET = "lethe.original.offset";
    static final String ORIGINAL_SIZE = "lethe.original.size";
    static final String ORIGINAL_SHA256 = "lethe.original.sha256";
    /** {@value #RECORD}: the value is the original record's; {@value #REFERENCE}: no value, only the reference. */
    static final String CONTENT = "lethe.dlq.content";
    static final String RECORD = "record";
    static final String REFERENCE = "reference";
    /** A key longer than this is not repeated in a reference: the reference has to fit. */
    private static final int MAX_REFERENCE_KEY_CHARS = 1024;

    private final KafkaTemplate<String, byte[]> kafka;
    private final LetheTopics topics;
    private final MeterRegistry meters;

    DeadLetters(KafkaTemplate<String, byte[]> kafka, LetheTopics topics, MeterRegistry meters) {
        this.kafka = kafka;
        this.topics = topics;
        this.meters = meters;
    }

    void park(ConsumerRecord<String, byte[]> record, Rejection code, String message) {
        try {
            send(copy(record, code, message, RECORD), code, RECORD);
        } catch (RuntimeException e) {
            if (!tooLarge(e)) {
                throw e;
            }
            LOG.warn("Record {}-{}@{} ({} bytes) is too large to park with its headers; parking a reference to it",
                    record.topic(), record.partition(), record.offset(), size(record));
            send(copy(record, code, message, REFERENCE), code, REFERENCE);
        }
    }

    private ProducerRecord<String, byte[]> copy(ConsumerRecord<String, byte[]> record, Rejection code, String message,
                                                String content) {
        boolean reference = REFERENCE.equals(content);
        String key = reference && record.key() != null && record.key().length() > MAX_REFERENCE_KEY_CHARS
                ? null : record.key();
        var dead = new ProducerRecord<>(topics.commandsDlq(), key, reference ? null : record.value());
        dead.headers()
                .add(ERROR_CODE, bytes(code.name()))
                .add(ERROR_MESSAGE, bytes(message))
                .add(ORIGINAL_TOPIC, bytes(record.topic()))
                .add(ORIGINAL_PARTITION, bytes(String.valueOf(record.partition())))
                .add(ORIGINAL_OFFSET, bytes(String.valueOf(record.offset())))
                .add(ORIGINAL_SIZE, bytes(String.valueOf(size(record))))
                .add(ORIGINAL_SHA256, bytes(sha256(record.value())))
                .add(CONTENT, bytes(content));
        return dead;
    }

    private void send(ProducerRecord<String, byte[]> dead, Rejection code, String content) {
        try {
            kafka.send(dead).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while parking a record", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("could not park a record on the dead-letter topic", e);
        }
        meters.counter("lethe.ingress.dead-letters", "code", code.name(), "content", content).increment();
    }

    /** Too large for the producer's request or the topic's message size: by the error's type, in the cause chain. */
    private static boolean tooLarge(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RecordTooLargeException) {
                return true;
            }
        }
        return false;
    }

    private static int size(ConsumerRecord<String, byte[]> record) {
        return record.value() == null ? 0 : record.value().length;
    }

    private static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value == null ? new byte[0] : value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
