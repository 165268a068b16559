package dev.lethe.query.events;

import dev.lethe.query.config.BenchmarkSwitches;
import dev.lethe.shredding.ShreddingCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Reads a {@code lethe.events} record: headers as the command service writes them, payload decrypted. */
@Component
public class EventDecoder {

    /** Only contract classes may be named by a record, so a forged header cannot load arbitrary code. */
    private static final String CONTRACT_PACKAGE = "dev.lethe.contract.";

    private final ShreddingCodec codec;
    private final boolean plaintextEvents;

    EventDecoder(ShreddingCodec codec, BenchmarkSwitches benchmark, Environment environment) {
        this.codec = codec;
        this.plaintextEvents = benchmark.plaintextEvents();
        if (plaintextEvents) {
            benchmark.requireBenchmarkProfile(environment);
        }
    }

    public StoredEvent decode(ConsumerRecord<String, byte[]> record) {
        String type = header(record, "lethe.event.type");
        Object payload = plaintextEvents ? readPlaintext(record.value(), contractClass(type))
                : codec.decrypt(record.value(), contractClass(type));
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

    /** Benchmark mode only: the command service stored the event without encrypting it. */
    private Object readPlaintext(byte[] value, Class<?> type) {
        try {
            return codec.objectMapper().readValue(value, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable plaintext event of type " + type.getName());
        }
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
