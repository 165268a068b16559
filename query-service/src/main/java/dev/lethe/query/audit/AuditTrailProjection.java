package dev.lethe.query.audit;

import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.query.projection.Failures;
import dev.lethe.query.projection.ParkedEvents;
import dev.lethe.query.projection.ParkedRecord;
import dev.lethe.query.projection.ProjectionFailure;
import dev.lethe.query.projection.ProjectionLag;
import dev.lethe.shredding.KeyVault;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends one audit entry per event on {@code lethe.events}, in its own consumer group and with one consumer
 * thread, so entries are sequenced in arrival order. Reads headers and the stored bytes only: nothing is
 * decrypted, so erasure changes nothing here. A redelivered event (same event id) adds no entry. A poll's events
 * are appended together, in arrival order.
 *
 * <p>A record that can never make an entry (a header missing or malformed, a type outside the contract, a value
 * that is not JSON) is reported by index to the error handler, which parks it ({@code query.parked_event},
 * projection {@value #NAME}); the entries before it are appended, those after it follow. Entries do not depend
 * on each other's content, so nothing waits behind a parked record here.
 */
@Component
class AuditTrailProjection {

    static final String NAME = "audit-trail";
    static final String LISTENER_ID = "audit-trail";

    private final AuditedEvents events;
    private final AuditTrail trail;
    private final Checkpoints checkpoints;
    private final TransactionTemplate transaction;
    private final KeyVault keyVault;
    private final ProjectionLag lag;
    private final ParkedEvents parked;

    AuditTrailProjection(AuditedEvents events, AuditTrail trail, Checkpoints checkpoints,
                         TransactionTemplate transaction, KeyVault keyVault,
                         @Qualifier("auditTrailLag") ProjectionLag auditTrailLag, ParkedEvents parked) {
        this.events = events;
        this.trail = trail;
        this.checkpoints = checkpoints;
        this.transaction = transaction;
        this.keyVault = keyVault;
        this.lag = auditTrailLag;
        this.parked = parked;
    }

    /**
     * Polls of up to {@code lethe.audit.max-poll-records} (2,000) events and 4 MiB per partition: a replay appends
     * thousands per transaction, while a poll under live load carries whatever arrived since the last one.
     */
    @KafkaListener(id = LISTENER_ID, topics = "${lethe.topics.events}",
            groupId = "${lethe.audit.consumer-group:lethe-query-audit}", concurrency = "1", batch = "true",
            properties = {"max.poll.records=${lethe.audit.max-poll-records:2000}",
                    "max.partition.fetch.bytes=${lethe.audit.max-partition-fetch-bytes:4194304}"})
    void on(List<ConsumerRecord<String, byte[]>> records, Acknowledgment acknowledgment, Consumer<?, ?> consumer) {
        lag.beforeApply(records.get(0), consumer);
        List<AuditedEvent> batch = new ArrayList<>(records.size());
        RuntimeException unreadable = null;
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                batch.add(events.read(record));
            } catch (RuntimeException e) {
                unreadable = e;
                break;
            }
        }
        for (AuditedEvent event : batch) {
            if (CustomerErased.class.getName().equals(event.eventType())) {
                // The compliance API decrypts through this JVM's key cache: it must not outlive the erasure. Before
                // the entry is appended, so that once the erasure shows in the trail no read can use the key; and
                // kept out of the cache, so that a read that fetched it just before the erasure committed cannot
                // put it back.
                keyVault.erasedElsewhere(event.customerId());
            }
        }
        append(batch);
        lag.appliedUpTo(records, batch.size(), consumer, index -> batch.get(index).occurredAt());
        if (unreadable != null) {
            throw new BatchListenerFailedException("event " + batch.size() + " of the batch is unreadable",
                    ProjectionFailure.of(NAME, unreadable), batch.size());
        }
        acknowledgment.acknowledge();
    }

    /**
     * A poll's entries in one transaction: one lock, one commit. If that fails for a reason other than the
     * database being away, the entries are appended one by one to find the one the database refuses, so that
     * exactly that one is reported (appends are idempotent on the event id, so those already appended are
     * skipped).
     */
    private void append(List<AuditedEvent> batch) {
        try {
            appendInTransaction(batch);
        } catch (RuntimeException e) {
            if (Failures.isTransient(e) || batch.size() <= 1) {
                throw new BatchListenerFailedException("the audit trail could not be appended to",
                        ProjectionFailure.of(NAME, e), 0);
            }
            for (int index = 0; index < batch.size(); index++) {
                try {
                    appendInTransaction(batch.subList(index, index + 1));
                } catch (RuntimeException single) {
                    throw new BatchListenerFailedException("event " + index + " of the batch failed",
                            ProjectionFailure.of(NAME, single), index);
                }
            }
        }
    }

    private void appendInTransaction(List<AuditedEvent> batch) {
        transaction.executeWithoutResult(status -> trail.appendAll(batch).forEach(checkpoints::afterAppend));
    }

    /** Parked records that are readable now are appended (at the head of the trail, in the order given). */
    int retry(List<ParkedRecord> parkedRecords) {
        int released = 0;
        for (ParkedRecord parkedRecord : parkedRecords) {
            AuditedEvent event;
            try {
                event = events.read(parkedRecord.record());
            } catch (RuntimeException stillUnreadable) {
                continue;
            }
            if (CustomerErased.class.getName().equals(event.eventType())) {
                keyVault.erasedElsewhere(event.customerId());
            }
            transaction.executeWithoutResult(status -> {
                trail.appendAll(List.of(event)).forEach(checkpoints::afterAppend);
                parked.release(parkedRecord.parked().id());
            });
            released++;
        }
        return released;
    }
}
