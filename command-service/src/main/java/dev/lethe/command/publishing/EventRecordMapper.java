package dev.lethe.command.publishing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.lethe.contract.wire.CommandMetadata;
import dev.lethe.contract.wire.EventHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Maps a stored event to its Kafka record: key = customerId (the aggregate), value = the payload bytes
 * as stored, headers = what a consumer needs without decrypting anything. Header values never carry
 * personal data: identifiers, types, times and pseudonymous actor ids only.
 *
 * <p>The metadata is scanned with a streaming parser for the few keys that become headers: no tree, no
 * {@code MetaData} map, no payload parse (building a tree per event took about a quarter of the publisher thread).
 */
final class EventRecordMapper {

    private static final JsonFactory JSON = new JsonFactory();
    private static final List<String> METADATA_KEYS = CommandMetadata.KEYS;
    private static final List<String> METADATA_HEADERS = METADATA_KEYS.stream().map(EventHeaders::header).toList();

    private EventRecordMapper() {
    }

    static ProducerRecord<String, byte[]> toRecord(String topic, StoredEvent event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, event.aggregateIdentifier(), event.payload());
        Headers headers = record.headers();
        add(headers, EventHeaders.EVENT_TYPE, event.payloadType());
        add(headers, EventHeaders.EVENT_REVISION, event.payloadRevision());
        add(headers, EventHeaders.EVENT_ID, event.eventIdentifier());
        // Axon stores the time with at least millisecond digits; the header has always been Instant's own form
        add(headers, EventHeaders.TIMESTAMP, Instant.parse(event.timestamp()).toString());
        add(headers, EventHeaders.AGGREGATE_SEQUENCE, String.valueOf(event.sequenceNumber()));
        // the event's own position, also for an event that committed after higher-numbered ones
        add(headers, EventHeaders.GLOBAL_SEQUENCE, String.valueOf(event.globalIndex()));
        String[] values = metadataValues(event.metaData());
        for (int i = 0; i < values.length; i++) {
            add(headers, METADATA_HEADERS.get(i), values[i]);
        }
        return record;
    }

    /** The values of {@link CommandMetadata#KEYS} found among the metadata's top-level scalar fields, in that order. */
    static String[] metadataValues(byte[] metaData) {
        String[] values = new String[METADATA_KEYS.size()];
        if (metaData == null || metaData.length == 0) {
            return values;
        }
        try (JsonParser parser = JSON.createParser(metaData)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("stored metadata is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                int key = METADATA_KEYS.indexOf(parser.currentName());
                JsonToken value = parser.nextToken();
                if (key >= 0 && value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                    values[key] = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            // the parser's message could quote the bytes it choked on
            throw new IllegalStateException("stored metadata could not be read", null);
        }
        return values;
    }

    private static void add(Headers headers, String key, String value) {
        if (value != null) {
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
