package dev.lethe.command.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

class EventRecordMapperTest {

    private static final byte[] PAYLOAD = "{\"customerId\":\"c-1\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void headersComeFromTheStoredColumnsAndTheMetadataAsAxonSerializedIt() {
        byte[] metaData = JacksonSerializer.defaultSerializer().serialize(MetaData.with("commandId", "cmd-1")
                .and("source", "webshop").and("actor", "agent-17").and("purpose", 42)
                .and("nested", Map.of("commandId", "not this one")).and("other", "ignored"), byte[].class).getData();

        ProducerRecord<String, byte[]> record = EventRecordMapper.toRecord("lethe.events", new StoredEvent(17, "c-1",
                3, "e-1", "dev.lethe.contract.customer.CustomerRegistered", "1", "2026-12-08T00:31:04.000Z",
                metaData, PAYLOAD));

        assertThat(record.key()).isEqualTo("c-1");
        assertThat(record.value()).isSameAs(PAYLOAD);
        assertThat(headers(record)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "lethe.event.type", "dev.lethe.contract.customer.CustomerRegistered",
                "lethe.event.revision", "1",
                "lethe.event.id", "e-1",
                "lethe.event.timestamp", "2026-12-08T00:31:04Z",
                "lethe.event.aggregate-sequence", "3",
                "lethe.event.global-sequence", "17",
                "lethe.commandId", "cmd-1",
                "lethe.source", "webshop",
                "lethe.actor", "agent-17",
                "lethe.purpose", "42"));
    }

    @Test
    void absentRevisionAndMetadataLeaveTheirHeadersOut() {
        ProducerRecord<String, byte[]> record = EventRecordMapper.toRecord("t", new StoredEvent(1, "c-1", 0, "e-1",
                "T", null, "2026-12-08T00:31:04.123456Z", null, PAYLOAD));

        assertThat(headers(record)).doesNotContainKeys("lethe.event.revision", "lethe.commandId")
                .containsEntry("lethe.event.timestamp", "2026-12-08T00:31:04.123456Z");
        assertThat(EventRecordMapper.metadataValues("{\"commandId\":null}".getBytes(StandardCharsets.UTF_8)))
                .containsOnlyNulls();
    }

    @Test
    void unreadableMetadataFailsWithoutQuotingIt() {
        assertThatThrownBy(() -> EventRecordMapper.metadataValues("{\"actor\":\"Erika".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining("Erika").hasNoCause();
    }

    private static Map<String, String> headers(ProducerRecord<String, byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        Arrays.stream(record.headers().toArray()).forEach((Header header) ->
                assertThat(headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8))).isNull());
        return headers;
    }
}
