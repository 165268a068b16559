package dev.lethe.query.customerview;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.contract.Personal;
import dev.lethe.contract.consent.ConsentGranted;
import dev.lethe.contract.consent.ConsentWithdrawn;
import dev.lethe.contract.customer.ContactDetailsChanged;
import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.contract.customer.ProcessingRestricted;
import dev.lethe.contract.customer.ProcessingRestrictionLifted;
import dev.lethe.contract.identity.CustomerMergedInto;
import dev.lethe.contract.identity.CustomerUnmerged;
import dev.lethe.contract.identity.SourceRecordLinked;
import dev.lethe.query.events.EventDecoder;
import dev.lethe.query.events.StoredEvent;
import dev.lethe.query.projection.ProjectionLag;
import dev.lethe.shredding.KeyVault;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds the unified customer view from {@code lethe.events}. Idempotent: an event at or below the
 * customer's last applied global sequence is skipped, so redeliveries and replays change nothing; every
 * row written depends only on the events, so a rebuild writes the same tables. On erasure the person's rows
 * are deleted and only a tombstone remains. Survivorship and merges are decided at read time
 * ({@link GoldenRecords}); here each customer's own facts are stored.
 */
@Component
class CustomerViewProjection {

    static final String LISTENER_ID = "customer-view";
    static final String GROUP_ID = "lethe-query-customer-view";

    private final EventDecoder decoder;
    private final CustomerViewRepository views;
    private final TransactionTemplate transaction;
    private final KeyVault keyVault;
    private final ObjectMapper eventObjectMapper;
    private final ProjectionLag lag;

    CustomerViewProjection(EventDecoder decoder, CustomerViewRepository views, TransactionTemplate transaction,
                           KeyVault keyVault, ObjectMapper eventObjectMapper, CustomerViewRebuild projection) {
        this.decoder = decoder;
        this.views = views;
        this.transaction = transaction;
        this.keyVault = keyVault;
        this.eventObjectMapper = eventObjectMapper;
        this.lag = projection.lag();
    }

    /**
     * Applies a poll's events in one transaction: one commit per poll instead of one per event. Events apply in
     * record order and each is idempotent on its customer's last applied sequence, so a failed batch is simply
     * rolled back and redelivered whole.
     */
    @KafkaListener(id = LISTENER_ID, topics = "${lethe.topics.events}", groupId = GROUP_ID, batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records, Acknowledgment acknowledgment, Consumer<?, ?> consumer) {
        lag.beforeApply(records.get(0), consumer);
        List<StoredEvent> events = records.stream().map(decoder::decode).toList();
        transaction.executeWithoutResult(status -> events.forEach(this::apply));
        acknowledgment.acknowledge();
        for (int index = 0; index < records.size(); index++) {
            lag.applied(records.get(index), consumer, events.get(index).timestamp());
        }
    }

    void apply(StoredEvent event) {
        String customerId = event.customerId();
        long sequence = event.globalSequence();
        if (views.lastAppliedSequence(customerId).filter(applied -> applied >= sequence).isPresent()) {
            return;
        }
        Object payload = event.payload();
        if (payload instanceof CustomerErased erased) {
            views.erase(customerId, erased.erasedAt(), erased.reason().name(), sequence);
            // this instance may hold the person's key in its cache: it must not outlive the erasure, nor come back
            // from a read that fetched it just before the erasure committed
            keyVault.erasedElsewhere(customerId);
            return;
        }
        if (payload instanceof CustomerRegistered registered) {
            views.insert(customerId, event.timestamp(), sequence);
            views.putFields(customerId, false, event.timestamp(), sequence,
                    Field.valuesOf(ContactFields.of(registered), eventObjectMapper));
            views.addSourceRecord(customerId, registered.source(), known(registered.sourceCustomerId()),
                    registered.purpose(), event.timestamp(), sequence);
        } else if (payload instanceof SourceRecordLinked linked) {
            views.putFields(customerId, false, event.timestamp(), sequence,
                    Field.valuesOf(ContactFields.of(linked), eventObjectMapper));
            views.addSourceRecord(customerId, linked.source(), known(linked.sourceCustomerId()), linked.purpose(),
                    event.timestamp(), sequence);
        } else if (payload instanceof ContactDetailsChanged changed) {
            // a rectification is the person's (or an agent's) verified statement of the current value
            views.putFields(customerId, true, event.timestamp(), sequence,
                    Field.valuesOf(ContactFields.of(changed), eventObjectMapper));
        } else if (payload instanceof ConsentGranted granted) {
            views.setConsent(customerId, granted.purpose(), true, granted.channel(), granted.consentTextVersion(),
                    granted.grantedAt(), sequence);
        } else if (payload instanceof ConsentWithdrawn withdrawn) {
            views.setConsent(customerId, withdrawn.purpose(), false, withdrawn.channel(), null,
                    withdrawn.withdrawnAt(), sequence);
        } else if (payload instanceof ProcessingRestricted) {
            views.setRestricted(customerId, true);
        } else if (payload instanceof ProcessingRestrictionLifted) {
            views.setRestricted(customerId, false);
        } else if (payload instanceof CustomerMergedInto mergedInto) {
            views.setMergedInto(customerId, mergedInto.survivorId());
        } else if (payload instanceof CustomerUnmerged) {
            views.setMergedInto(customerId, null);
        }
        // CustomersMerged / CustomersUnmerged on the survivor change only its update time: membership is
        // recorded on the member, whose own events say when it joined and left
        views.touch(customerId, event.timestamp(), sequence);
    }

    private static String known(Personal<String> value) {
        return value == null ? null : value.known().orElse(null);
    }
}
