package dev.lethe.command.publishing;

import dev.lethe.command.config.LetheTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes every stored event to {@code lethe.events}, reading the event store through a tracking
 * processor: the store is the outbox, so an event committed before a crash is published after it. The
 * record value is the payload exactly as stored (personal fields still encrypted). Sends of one batch go
 * out together and the batch's token is only stored once the broker acknowledged all of them
 * (at-least-once; consumers de-duplicate by event id).
 */
@Component
@ProcessingGroup(EventPublisher.PROCESSING_GROUP)
class EventPublisher {

    static final String PROCESSING_GROUP = "lethe-events-publisher";
    private static final String PENDING_SENDS = EventPublisher.class.getName() + ".pending";
    private static final long ACK_TIMEOUT_SECONDS = 60;

    private final KafkaTemplate<String, byte[]> kafka;
    private final LetheTopics topics;
    private final EventRecordMapper mapper;

    EventPublisher(KafkaTemplate<String, byte[]> kafka, LetheTopics topics,
                   @Qualifier("eventSerializer") Serializer eventSerializer) {
        this.kafka = kafka;
        this.topics = topics;
        this.mapper = new EventRecordMapper(eventSerializer);
    }

    @EventHandler
    void publish(EventMessage<?> event) {
        ProducerRecord<String, byte[]> record = mapper.toRecord(topics.events(), event);
        pendingSends().add(kafka.send(record));
    }

    private List<CompletableFuture<?>> pendingSends() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING_SENDS, key -> {
            List<CompletableFuture<?>> sends = new ArrayList<>();
            batch.onPrepareCommit(unitOfWork -> awaitAcknowledgements(sends));
            return sends;
        });
    }

    private static void awaitAcknowledgements(List<CompletableFuture<?>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while publishing events", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("the broker did not acknowledge published events", e);
        }
    }
}
