package dev.lethe.query.operations;

import dev.lethe.query.projection.ParkedEvents;
import dev.lethe.query.projection.Projection;
import dev.lethe.query.projection.RebuildableProjection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Operates the projections: their status (lag, parked events), a rebuild from the first event (stop its listener,
 * move its consumer group to the earliest offsets, empty its tables and its parked events, start the listener
 * again; if the offsets cannot be moved the tables are left as they were and the listener resumes where it stood),
 * and a retry of its parked events (stop its listener, read the parked records back from the topic, let the
 * projection apply what now fits, start the listener again).
 */
@Component
class ProjectionRebuilder {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilder.class);
    private static final Duration GROUP_EMPTY_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Projection> projections;
    private final KafkaListenerEndpointRegistry listeners;
    private final KafkaAdmin kafkaAdmin;
    private final ParkedEvents parked;
    private final ParkedRecordReader reader;

    ProjectionRebuilder(List<Projection> projections, KafkaListenerEndpointRegistry listeners, KafkaAdmin kafkaAdmin,
                        ParkedEvents parked, ParkedRecordReader reader) {
        this.projections = projections.stream()
                .collect(Collectors.toMap(Projection::name, Function.identity(), (a, b) -> a, TreeMap::new));
        this.listeners = listeners;
        this.kafkaAdmin = kafkaAdmin;
        this.parked = parked;
        this.reader = reader;
    }

    List<ProjectionStatus> status() {
        Map<String, ParkedEvents.Summary> summaries = parked.summaries();
        return projections.values().stream().map(projection -> status(projection, summaries)).toList();
    }

    ProjectionStatus status(Projection projection) {
        return status(projection, parked.summaries());
    }

    private ProjectionStatus status(Projection projection, Map<String, ParkedEvents.Summary> summaries) {
        MessageListenerContainer container = listeners.getListenerContainer(projection.listenerId());
        ParkedEvents.Summary summary = summaries.getOrDefault(projection.name(), ParkedEvents.Summary.NONE);
        return new ProjectionStatus(projection.name(), summary.parked() == 0 ? "UP" : "DOWN",
                container != null && container.isRunning(), projection.lag().eventsBehind(),
                projection.lag().secondsBehind(), summary.parked(), summary.reasons());
    }

    java.util.Optional<Projection> find(String name) {
        return java.util.Optional.ofNullable(projections.get(name));
    }

    synchronized void rebuild(RebuildableProjection projection) {
        MessageListenerContainer container = container(projection);
        log.info("Rebuilding projection {} from the first event", projection.name());
        container.stop();
        try {
            resetToEarliest(projection);
            projection.clear();
            // every event comes again: what cannot apply this time is parked again
            parked.clear(projection.name());
        } finally {
            container.start();
        }
    }

    /** @return how many parked events were applied (or proved redeliveries) and released */
    synchronized int retryParked(Projection projection) {
        MessageListenerContainer container = container(projection);
        List<ParkedEvents.Parked> rows = parked.list(projection.name());
        if (rows.isEmpty()) {
            return 0;
        }
        log.info("Retrying the {} parked events of projection {}", rows.size(), projection.name());
        container.stop();
        try {
            int released = projection.retry(reader.read(rows));
            log.info("Projection {}: {} of {} parked events applied and released", projection.name(), released,
                    rows.size());
            return released;
        } finally {
            container.start();
        }
    }

    private MessageListenerContainer container(Projection projection) {
        MessageListenerContainer container = listeners.getListenerContainer(projection.listenerId());
        if (container == null) {
            throw new IllegalStateException("no listener " + projection.listenerId());
        }
        return container;
    }

    private void resetToEarliest(Projection projection) {
        try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            var partitions = admin.describeTopics(List.of(projection.topic())).allTopicNames().get()
                    .get(projection.topic()).partitions().stream()
                    .map(partition -> new TopicPartition(projection.topic(), partition.partition())).toList();
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> earliest = admin.listOffsets(partitions.stream()
                    .collect(Collectors.toMap(Function.identity(), partition -> OffsetSpec.earliest()))).all().get();
            Map<TopicPartition, OffsetAndMetadata> offsets = earliest.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, entry -> new OffsetAndMetadata(entry.getValue().offset())));
            alterWhenGroupEmpty(admin, projection.groupId(), offsets);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not reset the offsets of " + projection.groupId(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resetting offsets", e);
        }
    }

    /** The stopped consumers leave the group asynchronously; until they have, the broker refuses the change. */
    private static void alterWhenGroupEmpty(Admin admin, String groupId, Map<TopicPartition, OffsetAndMetadata> offsets)
            throws ExecutionException, InterruptedException {
        Instant deadline = Instant.now().plus(GROUP_EMPTY_TIMEOUT);
        while (true) {
            try {
                admin.alterConsumerGroupOffsets(groupId, offsets).all().get();
                return;
            } catch (ExecutionException e) {
                boolean stillMembers = e.getCause() instanceof GroupNotEmptyException
                        || e.getCause() instanceof UnknownMemberIdException;
                if (!stillMembers || Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /**
     * @param status       {@code DOWN} while any event is parked, else {@code UP}
     * @param lagEvents    events not yet applied
     * @param lagSeconds   0 when caught up
     * @param parkedEvents events parked, waiting for an operator (retry or rebuild)
     * @param parkedReasons their reason codes
     */
    record ProjectionStatus(String name, String status, boolean running, long lagEvents, double lagSeconds,
                            long parkedEvents, List<String> parkedReasons) {
    }
}
