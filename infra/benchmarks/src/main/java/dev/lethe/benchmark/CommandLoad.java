package dev.lethe.benchmark;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces RegisterCustomer commands as fast as the producer allows and measures until every one has its
 * result: sustained commands per second, from the first send to the last result.
 */
final class CommandLoad implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> results;

    CommandLoad(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, "5", ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
        results = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(), new StringDeserializer());
        results.subscribe(List.of("lethe.command-results"));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (results.assignment().isEmpty() && System.nanoTime() < deadline) {
            results.poll(Duration.ofMillis(100));
        }
    }

    /** @return commands per second */
    double run(int count, Duration timeout) {
        Set<String> pending = new HashSet<>();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String commandId = UUID.randomUUID().toString();
            pending.add(commandId);
            String reference = "bench-" + commandId;
            producer.send(new ProducerRecord<>("lethe.commands", "webshop:" + reference, register(commandId, reference)));
        }
        producer.flush();
        long deadline = start + timeout.toNanos();
        int rejected = 0;
        while (!pending.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(pending.size() + " commands got no result in time");
            }
            for (ConsumerRecord<String, String> result : results.poll(Duration.ofMillis(100))) {
                if (pending.remove(result.key()) && !result.value().contains("\"ACCEPTED\"")) {
                    rejected++;
                }
            }
        }
        if (rejected > 0) {
            throw new IllegalStateException(rejected + " benchmark commands were rejected");
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    /** A new person each time: equal emails or phones would be matched and linked to one customer. */
    static String register(String commandId, String reference) {
        long number = 1_000_000_000L + Math.floorMod(UUID.fromString(commandId).getLeastSignificantBits(), 8_999_999_999L);
        return ("{\"commandId\":\"%s\",\"type\":\"RegisterCustomer\",\"source\":\"webshop\",\"actor\":\"bench\","
                + "\"purpose\":\"order-fulfilment\",\"issuedAt\":\"2026-11-28T10:00:00Z\",\"payload\":{"
                + "\"sourceCustomerId\":\"%s\",\"name\":\"Bench Person\",\"email\":\"%s@example.org\","
                + "\"phone\":\"+49 %d\",\"postalAddress\":{\"street\":\"Hauptstr. 1\",\"postalCode\":\"10115\","
                + "\"city\":\"Berlin\",\"country\":\"DE\"}}}").formatted(commandId, reference, reference, number);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        results.close(Duration.ofSeconds(5));
    }
}
