package dev.lethe.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.shredding.PersonalFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads a {@code lethe.events} record for the trail without decrypting anything: headers as the command
 * service writes them, and the names of the personal fields that are present in the stored JSON.
 */
final class AuditedEvents {

    private static final String CONTRACT_PACKAGE = "dev.lethe.contract.";
    /** Axon puts the commandId into the correlation data; a dedicated header wins if a publisher adds one. */
    static final String CORRELATION_HEADER = "lethe.correlationId";

    private final ObjectMapper mapper;

    AuditedEvents(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    AuditedEvent read(ConsumerRecord<String, byte[]> record) {
        String type = required(record, "lethe.event.type");
        String commandId = header(record, "lethe.commandId");
        String correlationId = header(record, CORRELATION_HEADER);
        return new AuditedEvent(
                required(record, "lethe.event.id"),
                Long.parseLong(required(record, "lethe.event.global-sequence")),
                requireKey(record),
                type,
                header(record, "lethe.event.revision"),
                Instant.parse(required(record, "lethe.event.timestamp")),
                header(record, "lethe.source"),
                header(record, "lethe.actor"),
                commandId,
                correlationId != null ? correlationId : commandId,
                personalFieldsPresent(type, record.value()),
                record.value());
    }

    /** Names of the contract's personal fields that hold a value (encrypted or erased) in the stored event. */
    List<String> personalFieldsPresent(String type, byte[] stored) {
        JsonNode tree;
        try {
            tree = mapper.readTree(stored);
        } catch (IOException e) {
            throw new IllegalArgumentException("stored event of type " + type + " is not JSON");
        }
        return PersonalFields.of(contractClass(type)).personalFields().stream()
                .filter(field -> tree.hasNonNull(field))
                .toList();
    }

    static Class<?> contractClass(String type) {
        if (type == null || !type.startsWith(CONTRACT_PACKAGE)) {
            throw new IllegalArgumentException("event type is not part of the Lethe contract");
        }
        try {
            return Class.forName(type);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("unknown event type " + type, e);
        }
    }

    private static String requireKey(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            throw new IllegalArgumentException("event record without a customer id key at offset " + record.offset());
        }
        return record.key();
    }

    private static String required(ConsumerRecord<?, ?> record, String key) {
        String value = header(record, key);
        if (value == null) {
            throw new IllegalArgumentException("event record without header " + key + " at offset " + record.offset());
        }
        return value;
    }

    private static String header(ConsumerRecord<?, ?> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
