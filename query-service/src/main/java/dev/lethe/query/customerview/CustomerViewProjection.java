package dev.lethe.query.customerview;

import dev.lethe.contract.consent.ConsentGranted;
import dev.lethe.contract.consent.ConsentWithdrawn;
import dev.lethe.contract.customer.ContactDetailsChanged;
import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.contract.customer.ProcessingRestricted;
import dev.lethe.contract.customer.ProcessingRestrictionLifted;
import dev.lethe.query.events.EventDecoder;
import dev.lethe.query.events.StoredEvent;
import dev.lethe.shredding.KeyVault;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds the unified customer view from {@code lethe.events}. Idempotent: an event at or below the
 * customer's last applied global sequence is skipped, so redeliveries and replays change nothing. On
 * erasure the person's rows are deleted and only a tombstone remains.
 */
@Component
class CustomerViewProjection {

    private final EventDecoder decoder;
    private final CustomerViewRepository views;
    private final TransactionTemplate transaction;
    private final KeyVault keyVault;

    CustomerViewProjection(EventDecoder decoder, CustomerViewRepository views, TransactionTemplate transaction,
                           KeyVault keyVault) {
        this.decoder = decoder;
        this.views = views;
        this.transaction = transaction;
        this.keyVault = keyVault;
    }

    @KafkaListener(id = "customer-view", topics = "${lethe.topics.events}", groupId = "lethe-query-customer-view")
    void on(ConsumerRecord<String, byte[]> record, Acknowledgment acknowledgment) {
        StoredEvent event = decoder.decode(record);
        transaction.executeWithoutResult(status -> apply(event));
        acknowledgment.acknowledge();
    }

    void apply(StoredEvent event) {
        String customerId = event.customerId();
        long sequence = event.globalSequence();
        if (views.lastAppliedSequence(customerId).filter(applied -> applied >= sequence).isPresent()) {
            return;
        }
        Object payload = event.payload();
        if (payload instanceof CustomerRegistered registered) {
            views.insert(customerId, event.timestamp(), sequence, ContactFields.of(registered));
            views.addSourceRecord(customerId, registered.source(), registered.sourceCustomerId(),
                    registered.purpose(), event.timestamp());
            return;
        }
        if (payload instanceof CustomerErased erased) {
            views.erase(customerId, erased.erasedAt(), erased.reason().name(), sequence);
            // this instance may hold the person's key in its cache: it must not outlive the erasure
            keyVault.evict(customerId);
            return;
        }
        if (payload instanceof ContactDetailsChanged changed) {
            views.updateContact(customerId, event.timestamp(), sequence, ContactFields.of(changed));
            return;
        }
        if (payload instanceof ConsentGranted granted) {
            views.setConsent(customerId, granted.purpose(), true, granted.channel(), granted.consentTextVersion(),
                    granted.grantedAt());
        } else if (payload instanceof ConsentWithdrawn withdrawn) {
            views.setConsent(customerId, withdrawn.purpose(), false, withdrawn.channel(), null,
                    withdrawn.withdrawnAt());
        } else if (payload instanceof ProcessingRestricted) {
            views.setRestricted(customerId, true);
        } else if (payload instanceof ProcessingRestrictionLifted) {
            views.setRestricted(customerId, false);
        }
        views.touch(customerId, event.timestamp(), sequence);
    }
}
