package dev.lethe.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ProjectionLagTest {

    private static final TopicPartition PARTITION = new TopicPartition("lethe.events", 0);
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ProjectionLag lag = new ProjectionLag("customer-view", registry, Clock.fixed(NOW, ZoneOffset.UTC));
    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");

    @Test
    void countsTheEventsStillToApplyAndTheAgeOfTheLastAppliedOne() {
        List<ConsumerRecord<String, byte[]>> fetched = fetch(10, 4);

        lag.beforeApply(fetched.get(0), consumer);
        assertThat(gauge("lethe.projection.lag.events")).isEqualTo(10);
        lag.applied(fetched.get(0), consumer, NOW.minus(Duration.ofSeconds(90)));

        assertThat(gauge("lethe.projection.lag.events")).as("nine events after the applied one").isEqualTo(9);
        assertThat(gauge("lethe.projection.lag.seconds")).isEqualTo(90);
    }

    @Test
    void isZeroWhenTheLastEventIsApplied() {
        List<ConsumerRecord<String, byte[]>> fetched = fetch(2, 2);

        lag.applied(fetched.get(1), consumer, NOW.minus(Duration.ofHours(3)));

        assertThat(gauge("lethe.projection.lag.events")).isZero();
        assertThat(gauge("lethe.projection.lag.seconds")).as("an old last event is no lag when caught up").isZero();
    }

    @Test
    void aPollLeavesEveryPartitionItAppliedAtItsLastAppliedRecordNotOnlyThePollsLastPartition() {
        TopicPartition other = new TopicPartition("lethe.events", 1);
        consumer.assign(List.of(PARTITION, other));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L, other, 0L));
        consumer.updateEndOffsets(Map.of(PARTITION, 3L, other, 2L));
        List<ConsumerRecord<String, byte[]>> poll = List.of(
                new ConsumerRecord<>(PARTITION.topic(), 0, 0, "a", new byte[0]),
                new ConsumerRecord<>(PARTITION.topic(), 0, 1, "a", new byte[0]),
                new ConsumerRecord<>(PARTITION.topic(), 0, 2, "a", new byte[0]),
                new ConsumerRecord<>(other.topic(), 1, 0, "b", new byte[0]),
                new ConsumerRecord<>(other.topic(), 1, 1, "b", new byte[0]));
        lag.beforeApply(poll.get(0), consumer);

        lag.appliedUpTo(poll, poll.size(), consumer, index -> NOW.minusSeconds(10 - index));

        assertThat(gauge("lethe.projection.lag.events")).as("both partitions caught up").isZero();
    }

    @Test
    void aPollThatStoppedEarlyLeavesTheRestAsLag() {
        List<ConsumerRecord<String, byte[]>> fetched = fetch(10, 4);
        lag.beforeApply(fetched.get(0), consumer);

        lag.appliedUpTo(fetched, 2, consumer, index -> NOW.minusSeconds(30));

        assertThat(gauge("lethe.projection.lag.events")).as("eight events after the second").isEqualTo(8);
        assertThat(gauge("lethe.projection.lag.seconds")).isEqualTo(30);
    }

    @Test
    void forgetsEverythingOnReset() {
        lag.beforeApply(fetch(5, 5).get(0), consumer);

        lag.reset();

        assertThat(gauge("lethe.projection.lag.events")).isZero();
    }

    /** A partition with {@code logEnd} events of which the consumer fetched the first {@code fetched}. */
    private List<ConsumerRecord<String, byte[]>> fetch(int logEnd, int fetched) {
        consumer.assign(List.of(PARTITION));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        for (int offset = 0; offset < fetched; offset++) {
            consumer.addRecord(new ConsumerRecord<>(PARTITION.topic(), 0, offset, "customer", new byte[0]));
        }
        consumer.updateEndOffsets(Map.of(PARTITION, (long) logEnd));
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ZERO);
        return records.records(PARTITION);
    }

    private double gauge(String name) {
        return registry.get(name).tag("projection", "customer-view").gauge().value();
    }
}
