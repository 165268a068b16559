package dev.lethe.query.events;

import dev.lethe.shredding.ShreddingCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.stereotype.Component;

/** Reads a {@code lethe.events} record: headers as the command service writes them, payload decrypted. */
@Component
public class EventDecoder {

    /** Only contract classes may be named by a record, so a forged header cannot load arbitrary code. */
    private static final String CONTRACT_PACKAGE = "dev.lethe.contract.";

    private final ShreddingCodec codec;

    EventDecoder(ShreddingCodec codec) {
        this.codec = codec;
    }

    public StoredEvent decode(ConsumerRecord<String, byte[]> record) {
        String type = header(record, "lethe.event.type");
        Object payload = codec.decrypt(record.value(), contractClass(type));
        return new StoredEvent(
                header(record, "lethe.event.id"),
                Long.parseLong(header(record, "lethe.event.global-sequence")),
                record.key(),
                type,
                header(record, "lethe.event.revision"),
                Instant.parse(header(record, "lethe.event.timestamp")),
                header(record, "lethe.commandId"),
                header(record, "lethe.source"),
                header(record, "lethe.actor"),
                payload,
                record.value());
    }

    private static Class<?> contractClass(String type) {
        if (type == null || !type.startsWith(CONTRACT_PACKAGE)) {
            throw new IllegalArgumentException("event type is not part of the Lethe contract");
        }
        try {
            return Class.forName(type);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("unknown event type " + type, e);
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
