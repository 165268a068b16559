package dev.lethe.command.ingress.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class SegmentRollMarkerTest {

    @Test
    void onlyAnEmptyRecordWithTheHeaderIsAMarker() {
        ProducerRecord<String, byte[]> marker = SegmentRollMarker.to(new TopicPartition("lethe.commands", 2));
        assertThat(marker.partition()).isEqualTo(2);
        assertThat(marker.key()).isNull();
        assertThat(marker.value()).isNull();

        assertThat(SegmentRollMarker.is(consumed(null, marker))).isTrue();
        assertThat(SegmentRollMarker.is(consumed(null, null))).as("an empty record is a bad command").isFalse();
        assertThat(SegmentRollMarker.is(consumed("{\"commandId\":\"x\"}".getBytes(StandardCharsets.UTF_8), marker)))
                .as("a command cannot hide behind the header").isFalse();
    }

    private static ConsumerRecord<String, byte[]> consumed(byte[] value, ProducerRecord<String, byte[]> headersOf) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("lethe.commands", 2, 9L, null, value);
        if (headersOf != null) {
            headersOf.headers().forEach(header -> record.headers().add(header));
        }
        return record;
    }
}
