package dev.lethe.benchmark;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group of the query service has read {@code lethe.events}, from the broker's committed offsets:
 * unlike the projection's own lag gauge this is not reset by a rebuild, so "committed = log end" after a rebuild
 * means the rebuild has really applied every event.
 */
final class ConsumerProgress implements AutoCloseable {

    static final String EVENTS = "lethe.events";
    private static final Duration POLL = Duration.ofMillis(20);

    private final Admin admin;
    private final List<TopicPartition> partitions;

    ConsumerProgress(String bootstrapServers) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        partitions = call(admin.describeTopics(List.of(EVENTS)).allTopicNames()).get(EVENTS).partitions().stream()
                .map(partition -> new TopicPartition(EVENTS, partition.partition())).toList();
    }

    /** Records on the topic (log end minus log start, over all partitions). */
    long events() {
        return sum(offsets(OffsetSpec.latest())) - sum(offsets(OffsetSpec.earliest()));
    }

    /** Events the group has not yet committed. */
    long behind(String groupId) {
        Map<TopicPartition, Long> end = offsets(OffsetSpec.latest());
        Map<TopicPartition, OffsetAndMetadata> committed =
                call(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
        long behind = 0;
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            behind += end.get(partition) - (offset == null ? 0 : offset.offset());
        }
        return behind;
    }

    /** Waits until the group has committed everything on the topic; throws after {@code timeout}. */
    void awaitCaughtUp(String groupId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long behind;
        while ((behind = behind(groupId)) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(groupId + " is still " + behind + " events behind after " + timeout);
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    private Map<TopicPartition, Long> offsets(OffsetSpec spec) {
        return call(admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec))).all())
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    private static <T> T call(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka admin call failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka admin call got no answer within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
