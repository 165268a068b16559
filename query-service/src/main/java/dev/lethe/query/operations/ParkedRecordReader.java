package dev.lethe.query.operations;

import dev.lethe.query.projection.ParkedEvents;
import dev.lethe.query.projection.ParkedRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads parked records back from the topic by their position: parked rows never hold the payload, the topic
 * does. A consumer of its own, assigned to the partitions (it joins no group and commits nothing). A record the topic no longer holds
 * (retention) is left out, and its event stays parked.
 */
@Component
class ParkedRecordReader {

    private static final Duration PER_RECORD = Duration.ofSeconds(10);

    private final ConsumerFactory<?, ?> consumers;

    ParkedRecordReader(ConsumerFactory<?, ?> consumers) {
        this.consumers = consumers;
    }

    /** The records of the rows that the topic still holds, in the rows' order. */
    @SuppressWarnings("unchecked")
    List<ParkedRecord> read(List<ParkedEvents.Parked> rows) {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50");
        List<ParkedRecord> records = new ArrayList<>();
        // the service's consumer settings: String keys, byte[] values (application.yml)
        try (Consumer<String, byte[]> consumer = (Consumer<String, byte[]>) consumers.createConsumer(null,
                "parked-retry", null, overrides)) {
            for (ParkedEvents.Parked row : rows) {
                ConsumerRecord<String, byte[]> record = read(consumer, row);
                if (record != null) {
                    records.add(new ParkedRecord(row, record));
                }
            }
        }
        return records;
    }

    private static ConsumerRecord<String, byte[]> read(Consumer<String, byte[]> consumer, ParkedEvents.Parked row) {
        TopicPartition partition = new TopicPartition(row.topic(), row.partition());
        consumer.assign(List.of(partition));
        consumer.seek(partition, row.offset());
        Instant deadline = Instant.now().plus(PER_RECORD);
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500)).records(partition)) {
                if (record.offset() == row.offset()) {
                    return record;
                }
                if (record.offset() > row.offset()) {
                    return null;
                }
            }
        }
        return null;
    }
}
