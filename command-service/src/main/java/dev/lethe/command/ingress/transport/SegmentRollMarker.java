package dev.lethe.command.ingress.transport;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * The record the purger appends to an idle command partition so that the broker closes the segment holding purged
 * commands (a segment rolls only on an append) and can delete its file. It has no key and no value, only the header
 * {@value #HEADER}={@value #SEGMENT_ROLL}; the ingress skips it without an answer. A record with a value is never
 * one, whatever its headers: nothing a producer sends as a command can be skipped this way.
 */
public final class SegmentRollMarker {

    public static final String HEADER = "lethe.control";
    public static final String SEGMENT_ROLL = "segment-roll";

    private SegmentRollMarker() {
    }

    public static boolean is(ConsumerRecord<?, byte[]> record) {
        if (record.value() != null) {
            return false;
        }
        Header header = record.headers().lastHeader(HEADER);
        return header != null && header.value() != null
                && SEGMENT_ROLL.equals(new String(header.value(), StandardCharsets.UTF_8));
    }

    public static ProducerRecord<String, byte[]> to(TopicPartition partition) {
        ProducerRecord<String, byte[]> marker = new ProducerRecord<>(partition.topic(), partition.partition(), null, null);
        marker.headers().add(HEADER, SEGMENT_ROLL.getBytes(StandardCharsets.UTF_8));
        return marker;
    }
}
