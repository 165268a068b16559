package dev.lethe.query.audit;

import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.shredding.KeyVault;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends one audit entry per event on {@code lethe.events}, in its own consumer group and with one consumer
 * thread, so entries are sequenced in arrival order. Reads headers and the stored bytes only: nothing is
 * decrypted, so erasure changes nothing here. A redelivered event (same event id) adds no entry. A poll's events
 * are appended together, in arrival order.
 */
@Component
class AuditTrailProjection {

    private final AuditedEvents events;
    private final AuditTrail trail;
    private final Checkpoints checkpoints;
    private final TransactionTemplate transaction;
    private final KeyVault keyVault;

    AuditTrailProjection(AuditedEvents events, AuditTrail trail, Checkpoints checkpoints,
                         TransactionTemplate transaction, KeyVault keyVault) {
        this.events = events;
        this.trail = trail;
        this.checkpoints = checkpoints;
        this.transaction = transaction;
        this.keyVault = keyVault;
    }

    @KafkaListener(id = "audit-trail", topics = "${lethe.topics.events}",
            groupId = "${lethe.audit.consumer-group:lethe-query-audit}", concurrency = "1", batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records, Acknowledgment acknowledgment) {
        List<AuditedEvent> batch = records.stream().map(events::read).toList();
        for (AuditedEvent event : batch) {
            if (CustomerErased.class.getName().equals(event.eventType())) {
                // The compliance API decrypts through this JVM's key cache: it must not outlive the erasure. Before
                // the entry is appended, so that once the erasure shows in the trail no read can use the key; and
                // kept out of the cache, so that a read that fetched it just before the erasure committed cannot
                // put it back.
                keyVault.erasedElsewhere(event.customerId());
            }
        }
        // a poll's entries in one transaction: one lock, one commit; a failed batch rolls back and is redelivered
        transaction.executeWithoutResult(status -> trail.appendAll(batch).forEach(checkpoints::afterAppend));
        acknowledgment.acknowledge();
    }
}
