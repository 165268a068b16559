package dev.lethe.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads every answer on {@code lethe.command-results} from the first one into the history, on a thread of its own.
 * Assigned, not subscribed: no consumer group of ours shows up among the platform's, and no rebalance can skip an
 * answer. It rides out broker restarts; the broker keeps its port and its data.
 */
final class ResultReader implements AutoCloseable {

    static final String RESULTS = "lethe.command-results";

    private final KafkaConsumer<String, String> consumer;
    private final History history;
    private final Thread thread;
    private volatile boolean running = true;

    ResultReader(String bootstrapServers, History history) {
        this.history = history;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000"),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(RESULTS, Duration.ofSeconds(60)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("the topic " + RESULTS + " does not exist");
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::read, "chaos-results");
        thread.setDaemon(true);
        thread.start();
    }

    private void read() {
        while (running) {
            try {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    history.answered(record.key() == null ? "(no key)" : record.key(), record.value());
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                // the broker is down or restarting: the consumer reconnects and resumes from its position
                if (!running) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
