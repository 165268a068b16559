package dev.lethe.command.publishing;

import dev.lethe.contract.wire.CommandMetadata;
import dev.lethe.contract.wire.EventHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * Maps a stored event to its Kafka record: key = customerId (the aggregate), value = the payload bytes
 * as stored, headers = what a consumer needs without decrypting anything. Header values never carry
 * personal data: identifiers, types, times and pseudonymous actor ids only.
 */
final class EventRecordMapper {

    private final Serializer eventSerializer;

    EventRecordMapper(Serializer eventSerializer) {
        this.eventSerializer = eventSerializer;
    }

    /**
     * @param globalIndex the event's own position in the store ({@code globalIndex}); not the tracking token's
     *                    position, which is the highest index read so far and differs for an event that filled a gap
     */
    ProducerRecord<String, byte[]> toRecord(String topic, EventMessage<?> event, long globalIndex) {
        // the stored form: the same serializer that wrote the event hands back its bytes without decrypting
        SerializedObject<byte[]> payload = event.serializePayload(eventSerializer, byte[].class);
        String customerId = event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null;
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, customerId, payload.getData());
        Headers headers = record.headers();
        add(headers, EventHeaders.EVENT_TYPE, payload.getType().getName());
        add(headers, EventHeaders.EVENT_REVISION, payload.getType().getRevision());
        add(headers, EventHeaders.EVENT_ID, event.getIdentifier());
        add(headers, EventHeaders.TIMESTAMP, event.getTimestamp().toString());
        if (event instanceof DomainEventMessage<?> domain) {
            add(headers, EventHeaders.AGGREGATE_SEQUENCE, String.valueOf(domain.getSequenceNumber()));
        }
        add(headers, EventHeaders.GLOBAL_SEQUENCE, String.valueOf(globalIndex));
        for (String key : CommandMetadata.KEYS) {
            Object value = event.getMetaData().get(key);
            if (value != null) {
                add(headers, EventHeaders.header(key), value.toString());
            }
        }
        return record;
    }

    private static void add(Headers headers, String key, String value) {
        if (value != null) {
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
