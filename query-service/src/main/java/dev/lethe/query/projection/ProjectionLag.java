package dev.lethe.query.projection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a projection is behind {@code lethe.events}, as the gauges {@code lethe.projection.lag.events} (sum
 * over partitions of log end minus the next event to apply) and {@code lethe.projection.lag.seconds} (0 when
 * caught up, else now minus the time of the last applied event). Updated on the consumer thread, which is
 * the only one allowed to ask the consumer, around every applied event.
 */
public final class ProjectionLag {

    private final Map<TopicPartition, Long> eventsBehind = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Instant lastApplied;
    private volatile Instant since;

    public ProjectionLag(String projection, MeterRegistry registry, Clock clock) {
        this.clock = clock;
        this.since = clock.instant();
        Gauge.builder("lethe.projection.lag.events", this, ProjectionLag::eventsBehind)
                .tag("projection", projection).description("events on lethe.events not yet applied by the projection")
                .register(registry);
        Gauge.builder("lethe.projection.lag.seconds", this, ProjectionLag::secondsBehind)
                .tag("projection", projection).baseUnit("seconds")
                .description("0 when caught up, else the age of the last applied event").register(registry);
    }

    /** Before applying {@code record}: it and everything after it is still to do. */
    public void beforeApply(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer) {
        update(record, consumer, record.offset());
    }

    public void applied(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Instant eventTime) {
        lastApplied = eventTime;
        update(record, consumer, record.offset() + 1);
    }

    /**
     * After a poll applied its records before {@code end}: each partition's gauge at its last applied record, in
     * poll order, so that the time of the poll's last applied event is the one that stays. What a probe per record
     * would leave behind, without asking the consumer for every record; a partition that is not the poll's last
     * one is updated too (else an idle partition would keep the lag its last poll began with).
     */
    public void appliedUpTo(List<? extends ConsumerRecord<?, ?>> records, int end, Consumer<?, ?> consumer,
                            IntFunction<Instant> eventTime) {
        Map<TopicPartition, Integer> last = new LinkedHashMap<>();
        for (int index = 0; index < end; index++) {
            ConsumerRecord<?, ?> record = records.get(index);
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            last.remove(partition);
            last.put(partition, index);
        }
        last.values().forEach(index -> applied(records.get(index), consumer, eventTime.apply(index)));
    }

    public long eventsBehind() {
        return eventsBehind.values().stream().mapToLong(Long::longValue).sum();
    }

    public double secondsBehind() {
        if (eventsBehind() == 0) {
            return 0;
        }
        Instant reference = lastApplied == null ? since : lastApplied;
        return Math.max(0, Duration.between(reference, clock.instant()).toMillis() / 1000.0);
    }

    /** Forgets everything known, as before a rebuild from offset zero. */
    public void reset() {
        eventsBehind.clear();
        lastApplied = null;
        since = clock.instant();
    }

    private void update(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, long nextToApply) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        OptionalLong fetchedLag = consumer.currentLag(partition);
        if (fetchedLag.isEmpty()) {
            return;
        }
        // the consumer's position is past the whole fetched batch, not past this record
        long logEnd = consumer.position(partition) + fetchedLag.getAsLong();
        eventsBehind.put(partition, Math.max(0, logEnd - nextToApply));
    }
}
