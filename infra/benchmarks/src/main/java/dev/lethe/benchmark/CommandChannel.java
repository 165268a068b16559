package dev.lethe.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends commands to {@code lethe.commands} and completes each send's future with its answer from
 * {@code lethe.command-results}, read by one thread that owns the consumer. The consumer is assigned every
 * partition at its end before the first send (no group, no rebalance to wait for), so no answer is missed.
 */
final class CommandChannel implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One command's answer; {@code code} is the stable rejection code, never data that was sent. */
    record Result(boolean accepted, String customerId, String code, long sentNanos, long answeredNanos) {

        long latencyNanos() {
            return answeredNanos - sentNanos;
        }
    }

    private record Pending(CompletableFuture<Result> future, long sentNanos) {
    }

    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> results;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean running = true;
    private volatile RuntimeException readerFailure;

    CommandChannel(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG, "5", ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer());
        results = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = results.partitionsFor("lethe.command-results", Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("the topic lethe.command-results does not exist");
        }
        results.assign(partitions);
        results.seekToEnd(partitions);
        partitions.forEach(partition -> results.position(partition, Duration.ofSeconds(30)));
        reader = new Thread(this::read, "bench-results");
        reader.setDaemon(true);
        reader.start();
    }

    CompletableFuture<Result> send(String key, String commandId, String envelope) {
        if (readerFailure != null) {
            throw readerFailure;
        }
        CompletableFuture<Result> future = new CompletableFuture<>();
        long sent = System.nanoTime();
        pending.put(commandId, new Pending(future, sent));
        producer.send(new ProducerRecord<>("lethe.commands", key, envelope), (metadata, failure) -> {
            if (failure != null) {
                pending.remove(commandId);
                future.completeExceptionally(failure);
            }
        });
        return future;
    }

    void flush() {
        producer.flush();
    }

    int inFlight() {
        return pending.size();
    }

    private void read() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : results.poll(Duration.ofMillis(50))) {
                    long answered = System.nanoTime();
                    Pending waiting = record.key() == null ? null : pending.remove(record.key());
                    if (waiting != null) {
                        waiting.future().complete(parse(record.value(), waiting.sentNanos(), answered));
                    }
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                readerFailure = new IllegalStateException("reading command results failed", e);
                pending.values().forEach(waiting -> waiting.future().completeExceptionally(readerFailure));
            }
        }
    }

    private static Result parse(String value, long sent, long answered) {
        try {
            JsonNode result = JSON.readTree(value);
            boolean accepted = "ACCEPTED".equals(result.path("status").asText());
            return new Result(accepted, result.path("customerId").asText(null), result.path("code").asText(null),
                    sent, answered);
        } catch (IOException e) {
            return new Result(false, null, "UNREADABLE_RESULT", sent, answered);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            reader.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        results.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
