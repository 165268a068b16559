package dev.lethe.command.ingress.transport;

import dev.lethe.command.ingress.deadletter.IngressKeys;
import dev.lethe.command.ingress.deadletter.SealedDeadLetter;
import dev.lethe.contract.envelope.Rejection;
import dev.lethe.shredding.DataKey;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
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
 * Parks records that cannot be handled as commands on {@code lethe.commands.dlq}, sealed under the ingress key of the
 * day ({@link SealedDeadLetter}: value encrypted, record key replaced by a keyed digest), with headers saying why and
 * where they came from. Nothing of the record is on the DLQ in clear, and once the day's key is destroyed (after the
 * topic's retention) no copy of it anywhere can be read. The headers hold codes and our own messages only: never the
 * text of a parser exception, which quotes the input. An operator reads a dead letter through
 * {@code GET /api/operations/dead-letters/{partition}/{offset}} while its key lives.
 *
 * <p>A record the broker took can still be too large to park: the headers and the cipher's 28 bytes are added to it,
 * and a record near the limit ({@code max.request.size} of the producer, {@code max.message.bytes} of the topic,
 * 1 MiB by default) no longer fits. Then a reference is parked instead of the record: where it was
 * ({@code lethe.original.*}), its size and keyed digest, and {@value SealedDeadLetter#CONTENT} =
 * {@value SealedDeadLetter#REFERENCE}. The record itself is purged from its topic with the records around it.
 */
@Component
class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    /** A key longer than this is not repeated in a reference: the reference has to fit. */
    private static final int MAX_REFERENCE_KEY_CHARS = 1024;

    private final KafkaTemplate<String, byte[]> kafka;
    private final LetheTopics topics;
    private final IngressKeys keys;
    private final MeterRegistry meters;

    DeadLetters(KafkaTemplate<String, byte[]> kafka, LetheTopics topics, IngressKeys keys, MeterRegistry meters) {
        this.kafka = kafka;
        this.topics = topics;
        this.keys = keys;
        this.meters = meters;
    }

    void park(ConsumerRecord<String, byte[]> record, Rejection code, String message) {
        DataKey key = keys.current();
        try {
            send(copy(record, key, code, message, SealedDeadLetter.SEALED_RECORD), code, SealedDeadLetter.SEALED_RECORD);
        } catch (RuntimeException e) {
            if (!tooLarge(e)) {
                throw e;
            }
            LOG.warn("Record {}-{}@{} ({} bytes) is too large to park with its headers; parking a reference to it",
                    record.topic(), record.partition(), record.offset(), size(record));
            send(copy(record, key, code, message, SealedDeadLetter.REFERENCE), code, SealedDeadLetter.REFERENCE);
        }
    }

    private ProducerRecord<String, byte[]> copy(ConsumerRecord<String, byte[]> record, DataKey key, Rejection code,
                                                String message, String content) {
        boolean reference = SealedDeadLetter.REFERENCE.equals(content);
        var dead = new ProducerRecord<>(topics.commandsDlq(), SealedDeadLetter.digestKey(key, record.key()),
                reference ? null : SealedDeadLetter.sealValue(key, record));
        dead.headers()
                .add(SealedDeadLetter.ERROR_CODE, bytes(code.name()))
                .add(SealedDeadLetter.ERROR_MESSAGE, bytes(message))
                .add(SealedDeadLetter.ORIGINAL_TOPIC, bytes(record.topic()))
                .add(SealedDeadLetter.ORIGINAL_PARTITION, bytes(String.valueOf(record.partition())))
                .add(SealedDeadLetter.ORIGINAL_OFFSET, bytes(String.valueOf(record.offset())))
                .add(SealedDeadLetter.ORIGINAL_SIZE, bytes(String.valueOf(size(record))))
                .add(SealedDeadLetter.ORIGINAL_DIGEST, bytes(SealedDeadLetter.digestValue(key, record.value())))
                .add(SealedDeadLetter.KEY_SUBJECT, bytes(key.subjectId()))
                .add(SealedDeadLetter.KEY_ID, bytes(key.keyId()))
                .add(SealedDeadLetter.CONTENT, bytes(content));
        if (record.key() != null && !(reference && record.key().length() > MAX_REFERENCE_KEY_CHARS)) {
            dead.headers().add(SealedDeadLetter.ORIGINAL_KEY, SealedDeadLetter.sealKey(key, record));
        }
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

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
