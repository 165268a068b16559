package dev.lethe.query.audit;

import static dev.lethe.query.projection.RecordHeaders.contractClass;
import static dev.lethe.query.projection.RecordHeaders.header;
import static dev.lethe.query.projection.RecordHeaders.instant;
import static dev.lethe.query.projection.RecordHeaders.number;
import static dev.lethe.query.projection.RecordHeaders.required;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.contract.wire.EventHeaders;
import dev.lethe.query.projection.ParkReason;
import dev.lethe.query.projection.UnprojectableEvent;
import dev.lethe.shredding.PersonalFields;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads a {@code lethe.events} record for the trail without decrypting anything: headers as the command
 * service writes them, and the names of the personal fields that are present in the stored JSON.
 */
final class AuditedEvents {

    /** Axon puts the commandId into the correlation data; a dedicated header wins if a publisher adds one. */
    static final String CORRELATION_HEADER = "lethe.correlationId";

    private final ObjectMapper mapper;

    AuditedEvents(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** @throws UnprojectableEvent with the reason, for a record that can never make an entry */
    AuditedEvent read(ConsumerRecord<String, byte[]> record) {
        String type = required(record, EventHeaders.EVENT_TYPE);
        required(record, EventHeaders.EVENT_ID);
        Class<?> contractClass = contractClass(type);
        String commandId = bounded(record, EventHeaders.COMMAND_ID, 64);
        String correlationId = bounded(record, CORRELATION_HEADER, 64);
        bounded(record, EventHeaders.EVENT_REVISION, 32);
        bounded(record, EventHeaders.SOURCE, 128);
        bounded(record, EventHeaders.ACTOR, 128);
        return new AuditedEvent(
                bounded(record, EventHeaders.EVENT_ID, 64),
                // the event's own position in the store, as the publisher sends it
                number(record, EventHeaders.GLOBAL_SEQUENCE),
                requireKey(record),
                type,
                header(record, EventHeaders.EVENT_REVISION),
                instant(record, EventHeaders.TIMESTAMP),
                header(record, EventHeaders.SOURCE),
                header(record, EventHeaders.ACTOR),
                commandId,
                correlationId != null ? correlationId : commandId,
                personalFieldsPresent(contractClass, record.value()),
                record.value());
    }

    /**
     * Names of the contract's personal fields that hold a value (encrypted or erased) in the stored event: the
     * top-level names read with a streaming parser, values skipped unread (the ciphertext is most of the bytes), so
     * no tree is built. The whole value is still tokenised, so malformed JSON is refused as before.
     */
    List<String> personalFieldsPresent(Class<?> type, byte[] stored) {
        Set<String> present = stored == null ? null : namesWithValues(stored);
        if (present == null) {
            throw new UnprojectableEvent(ParkReason.UNREADABLE_PAYLOAD,
                    "stored event of type " + type.getSimpleName() + " is not a JSON object");
        }
        return PersonalFields.of(type).personalFields().stream().filter(present::contains).toList();
    }

    /** The top-level names whose value is not JSON null; null when the bytes are not one JSON object. */
    private Set<String> namesWithValues(byte[] stored) {
        try (JsonParser parser = mapper.createParser(stored)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Set<String> present = new HashSet<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                // as a tree would have it: the last occurrence of a name counts (the contract's mapper refuses two)
                if (parser.nextToken() == JsonToken.VALUE_NULL) {
                    present.remove(name);
                } else {
                    present.add(name);
                    parser.skipChildren();
                }
            }
            return present;
        } catch (IOException e) {
            return null;
        }
    }

    private static String requireKey(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null || record.key().isBlank() || record.key().length() > 64) {
            throw new UnprojectableEvent(ParkReason.MISSING_KEY, "event record without a customer id key");
        }
        return record.key();
    }

    /** A header that must fit its column in {@code audit.entry}; a longer one is no header of ours. */
    private static String bounded(ConsumerRecord<?, ?> record, String key, int maxLength) {
        String value = header(record, key);
        if (value != null && value.length() > maxLength) {
            throw new UnprojectableEvent(ParkReason.INVALID_HEADER, "header " + key + " is longer than " + maxLength);
        }
        return value;
    }
}
