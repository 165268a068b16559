package dev.lethe.command.ingress.deadletter;

import dev.lethe.shredding.DataKey;
import dev.lethe.shredding.RecordCipher;
import java.nio.charset.StandardCharsets;
import javax.crypto.AEADBadTagException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * How a dead letter carries the record it parks without carrying anything in clear: the value sealed
 * (AES-256-GCM, {@link RecordCipher}) under the ingress key of the day, bound to where the record came from
 * (original topic, partition, offset); the record key replaced by a keyed digest (so one producer key still lands
 * on one partition) and sealed into {@value #ORIGINAL_KEY}; {@value #KEY_SUBJECT} and {@value #KEY_ID} name the key.
 */
public final class SealedDeadLetter {

    public static final String ERROR_CODE = "lethe.error.code";
    public static final String ERROR_MESSAGE = "lethe.error.message";
    public static final String ORIGINAL_TOPIC = "lethe.original.topic";
    public static final String ORIGINAL_PARTITION = "lethe.original.partition";
    public static final String ORIGINAL_OFFSET = "lethe.original.offset";
    public static final String ORIGINAL_SIZE = "lethe.original.size";
    /** HMAC-SHA-256 of the original value under the ingress key (hex): checkable only while the key lives. */
    public static final String ORIGINAL_DIGEST = "lethe.original.hmac-sha256";
    /** The original record key, sealed like the value; absent when the record had none. */
    public static final String ORIGINAL_KEY = "lethe.original.key";
    public static final String KEY_SUBJECT = "lethe.dlq.key-subject";
    public static final String KEY_ID = "lethe.dlq.key-id";
    /** {@value #SEALED_RECORD}: the value is the sealed original; {@value #REFERENCE}: no value, only the reference. */
    public static final String CONTENT = "lethe.dlq.content";
    public static final String SEALED_RECORD = "sealed-record";
    public static final String REFERENCE = "reference";

    private static final String KEY_CONTEXT = "key";

    private SealedDeadLetter() {
    }

    /** The parked value: the original one sealed, or null when it had none. */
    public static byte[] sealValue(DataKey key, ConsumerRecord<String, byte[]> original) {
        return original.value() == null ? null : RecordCipher.seal(key, original.value(), context(original));
    }

    /** The parked record key: a digest of the original one, or null when it had none. */
    public static String digestKey(DataKey key, String originalKey) {
        return originalKey == null ? null : RecordCipher.digest(key, originalKey);
    }

    public static byte[] sealKey(DataKey key, ConsumerRecord<String, byte[]> original) {
        return RecordCipher.seal(key, original.key().getBytes(StandardCharsets.UTF_8),
                context(original.topic(), original.partition(), original.offset(), KEY_CONTEXT));
    }

    public static String digestValue(DataKey key, byte[] value) {
        return RecordCipher.digest(key, value == null ? new byte[0] : value);
    }

    /** The original value of a parked record; null when it had none or only a reference was parked. */
    public static byte[] openValue(DataKey key, ConsumerRecord<String, byte[]> parked) throws AEADBadTagException {
        return parked.value() == null ? null : RecordCipher.open(key, parked.value(), context(
                header(parked.headers(), ORIGINAL_TOPIC), Integer.parseInt(header(parked.headers(), ORIGINAL_PARTITION)),
                Long.parseLong(header(parked.headers(), ORIGINAL_OFFSET))));
    }

    /** The original record key; null when it had none. */
    public static String openKey(DataKey key, ConsumerRecord<String, byte[]> parked) throws AEADBadTagException {
        Header sealed = parked.headers().lastHeader(ORIGINAL_KEY);
        if (sealed == null) {
            return null;
        }
        return new String(RecordCipher.open(key, sealed.value(), context(header(parked.headers(), ORIGINAL_TOPIC),
                Integer.parseInt(header(parked.headers(), ORIGINAL_PARTITION)),
                Long.parseLong(header(parked.headers(), ORIGINAL_OFFSET)), KEY_CONTEXT)), StandardCharsets.UTF_8);
    }

    /** A header's value as text; null when absent. */
    public static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String[] context(ConsumerRecord<String, byte[]> original) {
        return context(original.topic(), original.partition(), original.offset());
    }

    private static String[] context(String topic, int partition, long offset, String... more) {
        String[] context = new String[3 + more.length];
        context[0] = topic;
        context[1] = String.valueOf(partition);
        context[2] = String.valueOf(offset);
        System.arraycopy(more, 0, context, 3, more.length);
        return context;
    }
}
