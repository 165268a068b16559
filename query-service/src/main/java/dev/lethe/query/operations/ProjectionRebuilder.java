package dev.lethe.query.operations;

import dev.lethe.query.projection.RebuildableProjection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
 * Rebuilds a projection from the first event: stop its listener, move its consumer group to the earliest
 * offsets, empty its tables, start the listener again. The order matters: if the offsets cannot be moved the
 * tables are left as they were and the listener resumes where it stood.
 */
@Component
class ProjectionRebuilder {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilder.class);
    private static final Duration GROUP_EMPTY_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, RebuildableProjection> projections;
    private final KafkaListenerEndpointRegistry listeners;
    private final KafkaAdmin kafkaAdmin;

    ProjectionRebuilder(List<RebuildableProjection> projections, KafkaListenerEndpointRegistry listeners,
                        KafkaAdmin kafkaAdmin) {
        this.projections = projections.stream()
                .collect(Collectors.toMap(RebuildableProjection::name, Function.identity()));
        this.listeners = listeners;
        this.kafkaAdmin = kafkaAdmin;
    }

    List<ProjectionStatus> status() {
        return projections.values().stream().sorted(java.util.Comparator.comparing(RebuildableProjection::name))
                .map(this::status).toList();
    }

    ProjectionStatus status(RebuildableProjection projection) {
        MessageListenerContainer container = listeners.getListenerContainer(projection.listenerId());
        return new ProjectionStatus(projection.name(), container != null && container.isRunning(),
                projection.lag().eventsBehind(), projection.lag().secondsBehind());
    }

    java.util.Optional<RebuildableProjection> find(String name) {
        return java.util.Optional.ofNullable(projections.get(name));
    }

    synchronized void rebuild(RebuildableProjection projection) {
        MessageListenerContainer container = listeners.getListenerContainer(projection.listenerId());
        if (container == null) {
            throw new IllegalStateException("no listener " + projection.listenerId());
        }
        log.info("Rebuilding projection {} from the first event", projection.name());
        container.stop();
        try {
            resetToEarliest(projection);
            projection.clear();
        } finally {
            container.start();
        }
    }

    private void resetToEarliest(RebuildableProjection projection) {
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

    /** @param lagEvents events not yet applied; @param lagSeconds 0 when caught up */
    record ProjectionStatus(String name, boolean running, long lagEvents, double lagSeconds) {
    }
}
