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
import dev.lethe.query.events.StoredEvent;
import java.util.function.Consumer;

/**
 * Which rows of the view one event changes, and how: the projection's decisions, apart from SQL and from when an
 * event applies ({@link CustomerViewProjection}). Every write depends only on the event, so a rebuild writes the same
 * rows.
 */
final class ViewUpdate {

    private final ViewWrites views;
    private final ObjectMapper json;
    private final Consumer<String> erasedElsewhere;

    /** @param erasedElsewhere told the id of each erased customer once its rows are gone */
    ViewUpdate(ViewWrites views, ObjectMapper json, Consumer<String> erasedElsewhere) {
        this.views = views;
        this.json = json;
        this.erasedElsewhere = erasedElsewhere;
    }

    void apply(StoredEvent event) {
        String customerId = event.customerId();
        long sequence = event.globalSequence();
        Object payload = event.payload();
        if (payload instanceof CustomerErased erased) {
            views.erase(customerId, erased.erasedAt(), erased.reason().name(), sequence, event.aggregateSequence());
            erasedElsewhere.accept(customerId);
            return;
        }
        if (payload instanceof CustomerRegistered registered) {
            views.insert(customerId, event.timestamp(), sequence, event.aggregateSequence());
            views.putFields(customerId, false, event.timestamp(), sequence,
                    Field.valuesOf(ContactFields.of(registered), json));
            views.addSourceRecord(customerId, registered.source(), known(registered.sourceCustomerId()),
                    registered.purpose(), event.timestamp(), sequence);
        } else if (payload instanceof SourceRecordLinked linked) {
            views.putFields(customerId, false, event.timestamp(), sequence,
                    Field.valuesOf(ContactFields.of(linked), json));
            views.addSourceRecord(customerId, linked.source(), known(linked.sourceCustomerId()), linked.purpose(),
                    event.timestamp(), sequence);
        } else if (payload instanceof ContactDetailsChanged changed) {
            // a rectification is the person's (or an agent's) verified statement of the current value
            views.putFields(customerId, true, event.timestamp(), sequence,
                    Field.valuesOf(ContactFields.of(changed), json));
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
        // recorded on the member, whose own events say when it joined and left. Each side of a merge touches only
        // its own customer's rows and GoldenRecords combines them when read, so the outcome does not depend on
        // which side arrives first (the two customers may be on different partitions).
        views.advance(customerId, event.timestamp(), sequence, event.aggregateSequence());
    }

    private static String known(Personal<String> value) {
        return value == null ? null : value.known().orElse(null);
    }
}
