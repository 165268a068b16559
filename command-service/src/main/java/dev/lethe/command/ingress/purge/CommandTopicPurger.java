package dev.lethe.command.ingress.purge;

import dev.lethe.command.forgetting.PurgeStep;
import dev.lethe.command.forgetting.PurgeStepReport;
import dev.lethe.command.ingress.IngressProperties;
import dev.lethe.command.ingress.transport.IngressTopics;
import dev.lethe.command.ingress.transport.SegmentRollMarker;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Deletes consumed commands from the command topics: a command's record goes once its result is durable and the
 * ingress committed its offset. Per partition, Kafka's {@code deleteRecords} moves the log start offset up to the
 * ingress group's <em>committed</em> offset, read from the broker, never further: a record not yet committed (its
 * command undecided, or decided and not yet answered) stays and is redelivered. Each partition purged is recorded in
 * {@code event_store.command_topic_purge}.
 *
 * <p>That hides the records; their bytes go with their segment file, which Kafka deletes only once a later segment
 * exists, and a segment rolls only on an append. So when a partition is idle, every record in it consumed and the
 * newest one older than {@code lethe.ingress.segment-roll}, the purger appends a {@link SegmentRollMarker}: the append
 * rolls the segment (it is older than {@code segment.ms}), the old segment lies wholly below the log start offset, and
 * the broker's next retention check deletes it. The marker is consumed and skipped by the ingress, purged by the next
 * run, and remembered in {@code event_store.command_topic_roll_marker} so an idle partition gets one marker, not one
 * per run. A marker whose broker timestamp shows it came too early to roll the segment is not remembered: the next
 * run appends another.
 *
 * <p>Any instance may purge, as often as it likes: deleting up to a committed offset is idempotent. A PostgreSQL
 * session advisory lock serialises the instances anyway, so two purges never race to append markers or both record
 * one deletion.
 */
@Component(CommandTopicPurger.STEP)
@Order(10)
class CommandTopicPurger implements PurgeStep, AutoCloseable {

    public static final String STEP = "command-topic";
    static final String INGRESS_LISTENER = "command-ingress";
    private static final long LOCK_KEY = 0x4c45544845505547L; // "LETHEPUG": one lock for every instance
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(CommandTopicPurger.class);

    private final Admin admin;
    private final IngressTopics topics;
    private final KafkaListenerEndpointRegistry listeners;
    private final KafkaTemplate<String, byte[]> kafka;
    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final Duration segmentRoll;
    private final Duration purgeInterval;
    private final MeterRegistry meters;

    CommandTopicPurger(KafkaAdmin kafkaAdmin, IngressTopics topics, KafkaListenerEndpointRegistry listeners,
                       KafkaTemplate<String, byte[]> kafka, DataSource dataSource, IngressProperties properties,
                       MeterRegistry meters) {
        Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "lethe-command-topic-purge");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        this.admin = Admin.create(config);
        this.topics = topics;
        this.listeners = listeners;
        this.kafka = kafka;
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.segmentRoll = properties.segmentRoll();
        this.purgeInterval = properties.purgeInterval();
        this.meters = meters;
    }

    @Override
    public String name() {
        return STEP;
    }

    /**
     * Purges every command partition through its committed offset now. Details: {@code partitions}, one entry per
     * partition the ingress has committed an offset for ({@code topic}, {@code partition}, {@code throughOffset}:
     * every record below it is deleted; {@code deletedNow}: whether this run moved it), and {@code segmentRollMarkers},
     * the markers appended.
     */
    @Override
    public PurgeStepReport run() {
        Instant startedAt = Instant.now();
        try (Connection lock = dataSource.getConnection()) {
            advisoryLock(lock, "pg_advisory_lock");
            try {
                Map<String, Object> details = purge(startedAt);
                meters.counter("lethe.ingress.purges", "outcome", "completed").increment();
                return new PurgeStepReport(STEP, startedAt, Instant.now(), details);
            } finally {
                advisoryLock(lock, "pg_advisory_unlock");
            }
        } catch (SQLException e) {
            meters.counter("lethe.ingress.purges", "outcome", "failed").increment();
            throw new DataAccessResourceFailureException("the command-topic purge lock could not be taken", e);
        } catch (RuntimeException e) {
            meters.counter("lethe.ingress.purges", "outcome", "failed").increment();
            throw e;
        }
    }

    private Map<String, Object> purge(Instant startedAt) {
        List<TopicPartition> partitions = partitions();
        Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets();
        Map<TopicPartition, ListOffsetsResultInfo> earliest = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, ListOffsetsResultInfo> latest = offsets(partitions, OffsetSpec.latest());

        Map<TopicPartition, RecordsToDelete> deletions = new LinkedHashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset != null && offset.offset() > earliest.get(partition).offset()) {
                deletions.put(partition, RecordsToDelete.beforeOffset(offset.offset()));
            }
        }
        if (!deletions.isEmpty()) {
            await(admin.deleteRecords(deletions).all(), "delete the consumed command records");
            Instant finishedAt = Instant.now();
            deletions.forEach((partition, deletion) -> {
                jdbc.update("INSERT INTO event_store.command_topic_purge (topic, partition, through_offset, started_at, "
                                + "finished_at) VALUES (?, ?, ?, ?, ?)", partition.topic(), partition.partition(),
                        deletion.beforeOffset(), Timestamp.from(startedAt), Timestamp.from(finishedAt));
                meters.counter("lethe.ingress.purged-records", "topic", partition.topic())
                        .increment(deletion.beforeOffset() - earliest.get(partition).offset());
            });
        }

        int markers = 0;
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            long end = latest.get(partition).offset();
            if (offset != null && offset.offset() == end && end > 0 && rollMarker(partition) != end - 1
                    && rollSegment(partition)) {
                markers++;
            }
        }

        List<Map<String, Object>> purged = new ArrayList<>();
        committed.entrySet().stream().filter(entry -> earliest.containsKey(entry.getKey()))
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::topic)
                        .thenComparingInt(TopicPartition::partition)))
                .forEach(entry -> {
                    Map<String, Object> partition = new LinkedHashMap<>();
                    partition.put("topic", entry.getKey().topic());
                    partition.put("partition", entry.getKey().partition());
                    partition.put("throughOffset", entry.getValue().offset());
                    partition.put("deletedNow", deletions.containsKey(entry.getKey()));
                    purged.add(partition);
                });
        if (!deletions.isEmpty() || markers > 0) {
            LOG.info("Purged {} command partitions through their committed offsets {}; {} segment-roll markers",
                    deletions.size(), deletions.entrySet().stream().collect(Collectors.toMap(
                            entry -> entry.getKey().toString(), entry -> entry.getValue().beforeOffset())), markers);
        }
        return Map.of("partitions", purged, "segmentRollMarkers", markers,
                "segmentsDeletableBy", segmentsDeletableBy(startedAt).toString());
    }

    /**
     * By when every segment holding a record purged now is closed and below the log start offset, so that the
     * broker deletes its file at its next retention check ({@code log.retention.check.interval.ms}) plus
     * {@code file.delete.delay.ms}: the open segment rolls at the first marker appended once it is
     * {@code segment.ms} old, and the run after that deletes through the marker (docs/architecture.md, "Command
     * topics are purged after use").
     */
    private Instant segmentsDeletableBy(Instant startedAt) {
        return startedAt.plus(segmentRoll.multipliedBy(2)).plus(purgeInterval.multipliedBy(2));
    }

    /**
     * Appends a marker if the partition's newest record is older than {@code segment.ms}, so that the append rolls
     * the segment. Timed by the broker's own timestamps (LogAppendTime), of the newest record and of the marker.
     *
     * @return whether a marker was appended
     */
    private boolean rollSegment(TopicPartition partition) {
        ListOffsetsResultInfo newest = offsets(List.of(partition), OffsetSpec.maxTimestamp()).get(partition);
        if (newest == null || newest.timestamp() < 0
                || Instant.now().toEpochMilli() - newest.timestamp() <= segmentRoll.toMillis()) {
            return false;
        }
        RecordMetadata marker = await(kafka.send(SegmentRollMarker.to(partition)), "append a segment-roll marker")
                .getRecordMetadata();
        if (marker.timestamp() - newest.timestamp() > segmentRoll.toMillis()) {
            jdbc.update("""
                    INSERT INTO event_store.command_topic_roll_marker (topic, partition, marker_offset, appended_at)
                    VALUES (?, ?, ?, ?)
                    ON CONFLICT (topic, partition) DO UPDATE
                    SET marker_offset = greatest(command_topic_roll_marker.marker_offset, excluded.marker_offset),
                        appended_at = excluded.appended_at""",
                    partition.topic(), partition.partition(), marker.offset(),
                    Timestamp.from(Instant.ofEpochMilli(marker.timestamp())));
        }
        return true;
    }

    private long rollMarker(TopicPartition partition) {
        List<Long> offsets = jdbc.queryForList("SELECT marker_offset FROM event_store.command_topic_roll_marker "
                + "WHERE topic = ? AND partition = ?", Long.class, partition.topic(), partition.partition());
        return offsets.isEmpty() ? -1 : offsets.get(0);
    }

    private List<TopicPartition> partitions() {
        Map<String, TopicDescription> descriptions = await(admin.describeTopics(List.of(topics.names()))
                .allTopicNames(), "describe the command topics");
        return descriptions.values().stream()
                .flatMap(topic -> topic.partitions().stream()
                        .map(partition -> new TopicPartition(topic.name(), partition.partition())))
                .sorted(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition))
                .toList();
    }

    /** The ingress group's committed offsets, from the broker: only what the ingress acknowledged. */
    private Map<TopicPartition, OffsetAndMetadata> committedOffsets() {
        MessageListenerContainer ingress = listeners.getListenerContainer(INGRESS_LISTENER);
        if (ingress == null || ingress.getGroupId() == null) {
            throw new IllegalStateException("the command ingress listener is not registered");
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = await(admin.listConsumerGroupOffsets(ingress.getGroupId())
                .partitionsToOffsetAndMetadata(), "read the ingress group's committed offsets");
        Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>();
        offsets.forEach((partition, offset) -> {
            if (offset != null) {
                present.put(partition, offset);
            }
        });
        return present;
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        return await(admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec)))
                .all(), "list the command topics' offsets");
    }

    private static <T> T await(KafkaFuture<T> future, String what) {
        return await(future.toCompletionStage().toCompletableFuture(), what);
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future, String what) {
        try {
            return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while trying to " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("could not " + what, e);
        }
    }

    private static void advisoryLock(Connection connection, String function) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?)")) {
            statement.setLong(1, LOCK_KEY);
            try (ResultSet ignored = statement.executeQuery()) {
                // pg_advisory_lock waits (bounded by the session's statement_timeout); unlock answers whether it held it
            }
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
