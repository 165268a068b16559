package dev.lethe.chaos;

import dev.lethe.chaos.Observations.PublishedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Everything ever published on {@code lethe.events}, read incrementally: each {@link #catchUp()} reads up to the
 * end offsets of that moment. Assigned, not subscribed, so no consumer group of ours is counted as lagging.
 */
final class EventTopic implements AutoCloseable {

    static final String EVENTS = "lethe.events";
    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<PublishedEvent> seen = new ArrayList<>();
    private List<TopicPartition> partitions = List.of();

    EventTopic(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000",
                ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Reads what was published since the last call; throws when the broker cannot be read now. */
    synchronized List<PublishedEvent> catchUp() {
        if (partitions.isEmpty()) {
            partitions = consumer.partitionsFor(EVENTS, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + EVENTS + " up to its end within " + CATCH_UP);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                String sequence = header(record, "lethe.event.global-sequence");
                seen.add(new PublishedEvent(header(record, "lethe.event.id"), record.key(),
                        sequence == null ? null : Long.valueOf(sequence)));
            }
        }
        return List.copyOf(seen);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
