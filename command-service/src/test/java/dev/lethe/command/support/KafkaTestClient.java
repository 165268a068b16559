package dev.lethe.command.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A plain Kafka producer and reader, as a source system or an operator would use them. */
public final class KafkaTestClient implements AutoCloseable {

    private final String bootstrapServers;
    private final KafkaProducer<String, byte[]> producer;
    private final List<KafkaConsumer<String, byte[]>> consumers = new ArrayList<>();

    public KafkaTestClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    public void send(String topic, String key, String value) {
        send(topic, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    public void send(String topic, String key, byte[] value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    /** To a chosen partition, e.g. to have two records consumed by different consumers at the same time. */
    public void send(String topic, int partition, String key, String value) {
        send(new ProducerRecord<>(topic, partition, key, value.getBytes(StandardCharsets.UTF_8)));
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not send a test record", e);
        }
    }

    /** Reads a whole topic from the beginning; keep the reader to see later records too. */
    public TopicReader read(String topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        consumers.add(consumer);
        return new TopicReader(consumer);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        consumers.forEach(consumer -> consumer.close(Duration.ofSeconds(5)));
    }

    /** Everything read so far from one topic, with waiting for records that should arrive. */
    public static final class TopicReader {
        private final KafkaConsumer<String, byte[]> consumer;
        private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

        private TopicReader(KafkaConsumer<String, byte[]> consumer) {
            this.consumer = consumer;
        }

        public synchronized List<ConsumerRecord<String, byte[]>> poll() {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            return List.copyOf(records);
        }

        public ConsumerRecord<String, byte[]> await(Predicate<ConsumerRecord<String, byte[]>> matching) {
            return await(matching, 1).get(0);
        }

        public List<ConsumerRecord<String, byte[]>> await(Predicate<ConsumerRecord<String, byte[]>> matching, int count) {
            return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> poll().stream().filter(matching).toList(), found -> found.size() >= count);
        }

        public static String text(ConsumerRecord<String, byte[]> record) {
            return record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
        }

        public static String header(ConsumerRecord<String, byte[]> record, String key) {
            var header = record.headers().lastHeader(key);
            return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    }
}
