package dev.lethe.command.support;

import dev.lethe.localstack.evidence.PlaintextScan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;

/**
 * What an auditor sees of the test broker: its offsets, its committed group offsets, and the raw files of its log
 * directories (the broker runs on this machine: the local stack).
 */
public final class Broker implements AutoCloseable {

    private final Admin admin;
    private final KafkaProducer<String, byte[]> producer;
    private final String bootstrapServers;

    public Broker(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    public RecordMetadata send(ProducerRecord<String, byte[]> record) {
        try {
            return producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not send a test record", e);
        }
    }

    public RecordMetadata send(String topic, int partition, String key, String value) {
        return send(new ProducerRecord<>(topic, partition, key, value.getBytes(StandardCharsets.UTF_8)));
    }

    public long earliest(TopicPartition partition) {
        return offset(partition, OffsetSpec.earliest());
    }

    public long latest(TopicPartition partition) {
        return offset(partition, OffsetSpec.latest());
    }

    private long offset(TopicPartition partition, OffsetSpec spec) {
        try {
            return admin.listOffsets(Map.of(partition, spec)).partitionResult(partition).get(30, TimeUnit.SECONDS)
                    .offset();
        } catch (Exception e) {
            throw new IllegalStateException("could not list an offset", e);
        }
    }

    /** The group's committed offset of the partition; -1 when none. */
    public long committed(String group, TopicPartition partition) {
        try {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(partition);
            return offset == null ? -1 : offset.offset();
        } catch (Exception e) {
            throw new IllegalStateException("could not read committed offsets", e);
        }
    }

    /** The record at this offset, read as any consumer would; null when it is gone. */
    public ConsumerRecord<String, byte[]> read(TopicPartition partition, long offset) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            if (offset < consumer.beginningOffsets(List.of(partition)).get(partition)) {
                return null;
            }
            consumer.seek(partition, offset);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() == offset) {
                        return record;
                    }
                }
            }
            return null;
        }
    }

    /** Every file of the broker's log directories (segments, indexes, checkpoints, files pending deletion). */
    public List<Path> files() {
        List<Path> files = new ArrayList<>();
        for (Path directory : logDirectories()) {
            try (Stream<Path> walk = Files.walk(directory)) {
                walk.filter(Files::isRegularFile).forEach(files::add);
            } catch (NoSuchFileException gone) {
                // a partition directory deleted while walking
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** The files holding the canary in any form (plain, hex, base64, URL-encoded), each with the forms found. */
    public List<String> filesHolding(String canary) {
        List<String> hits = new ArrayList<>();
        for (Path file : files()) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (NoSuchFileException gone) {
                continue;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> forms = PlaintextScan.formsFound(new String(bytes, StandardCharsets.ISO_8859_1), canary);
            if (!forms.isEmpty()) {
                hits.add(file + " " + forms);
            }
        }
        return hits;
    }

    private List<Path> logDirectories() {
        try {
            int broker = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).iterator().next().id();
            Map<String, LogDirDescription> directories = admin.describeLogDirs(List.of(broker)).allDescriptions()
                    .get(30, TimeUnit.SECONDS).get(broker);
            List<Path> paths = directories.keySet().stream().map(Path::of).filter(Files::isDirectory).toList();
            Assumptions.assumeFalse(paths.isEmpty(), "the broker's log directories are not on this machine");
            return paths;
        } catch (Exception e) {
            throw new IllegalStateException("could not describe the broker's log directories", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }

    /** Letters only, unique per test: what no other record, index or header can contain by chance. */
    public static String canary() {
        StringBuilder canary = new StringBuilder("Canary");
        for (char c : UUID.randomUUID().toString().replace("-", "").substring(0, 12).toCharArray()) {
            canary.append((char) ('a' + Character.digit(c, 16)));
        }
        return canary.toString();
    }
}
