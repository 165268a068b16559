package dev.lethe.command.publishing;

import dev.lethe.command.ingress.transport.LetheTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes every stored event to {@code lethe.events}, reading the event store through a tracking
 * processor: the store is the outbox, so an event committed before a crash is published after it. The
 * record value is the payload exactly as stored (personal fields still encrypted).
 *
 * <p>A batch's events are collected while the processor hands them over and sent together when the batch
 * prepares to commit, in the order read (per customer that is the aggregate's order: records are keyed by
 * customerId). The batch's transaction, which also stores the processor's token ({@link PublisherProcessor}),
 * commits only once the broker acknowledged every record; a failure rolls it back and the processor retries
 * from the batch's first event. At-least-once: consumers de-duplicate by event id.
 */
@Component
@ProcessingGroup(EventPublisher.PROCESSING_GROUP)
class EventPublisher {

    static final String PROCESSING_GROUP = "lethe-events-publisher";
    private static final String PENDING_EVENTS = EventPublisher.class.getName() + ".pending";

    private final KafkaTemplate<String, byte[]> kafka;
    private final LetheTopics topics;
    private final EventRecordMapper mapper;
    private final StorePositions positions;
    private final JdbcTemplate jdbc;
    private final Duration ackTimeout;

    EventPublisher(KafkaTemplate<String, byte[]> kafka, LetheTopics topics,
                   @Qualifier("eventSerializer") Serializer eventSerializer, StorePositions positions,
                   JdbcTemplate jdbc, @Value("${lethe.publishing.ack-timeout:60s}") Duration ackTimeout) {
        this.kafka = kafka;
        this.topics = topics;
        this.mapper = new EventRecordMapper(eventSerializer);
        this.positions = positions;
        this.jdbc = jdbc;
        this.ackTimeout = ackTimeout;
    }

    @EventHandler
    void publish(EventMessage<?> event) {
        pendingEvents().add(event);
    }

    private List<EventMessage<?>> pendingEvents() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING_EVENTS, key -> {
            // The batch's transaction waits for the broker with nothing to do; the service's connections end a
            // transaction idle for longer than a command may take (application.yml), this one may wait longer.
            jdbc.execute("SET LOCAL idle_in_transaction_session_timeout = '"
                    + ackTimeout.plusSeconds(30).toMillis() + "ms'");
            List<EventMessage<?>> events = new ArrayList<>();
            batch.onPrepareCommit(unitOfWork -> publishAll(events));
            return events;
        });
    }

    private void publishAll(List<EventMessage<?>> events) {
        Map<String, Long> globalIndexes = positions.of(events.stream().map(EventMessage::getIdentifier).toList());
        List<CompletableFuture<?>> sends = new ArrayList<>(events.size());
        for (EventMessage<?> event : events) {
            sends.add(kafka.send(mapper.toRecord(topics.events(), event, globalIndexes.get(event.getIdentifier()))));
        }
        awaitAcknowledgements(sends);
    }

    private void awaitAcknowledgements(List<CompletableFuture<?>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while publishing events", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("the broker did not acknowledge published events", e);
        }
    }
}
