package dev.lethe.command.retention;

import dev.lethe.contract.consent.ConsentGranted;
import dev.lethe.contract.consent.ConsentWithdrawn;
import dev.lethe.contract.customer.ContactDetailsChanged;
import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.contract.hold.ErasureDeferred;
import dev.lethe.contract.hold.LegalHoldPlaced;
import dev.lethe.contract.hold.LegalHoldReleased;
import dev.lethe.contract.identity.CustomerMergedInto;
import dev.lethe.contract.identity.CustomerUnmerged;
import dev.lethe.contract.identity.CustomersMerged;
import dev.lethe.contract.identity.SourceRecordLinked;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code event_store.customer_activity}: per person the purposes their data is held for, their last
 * activity, consent and hold state. A subscribing processor ({@code application.yml}) runs these handlers in
 * the transaction that stores the events, so the table commits with them or not at all, and the sweeper can
 * select whom to erase without decrypting anything. Times come from the service clock, which is the time the
 * command is processed (and which tests move).
 *
 * <p>Activity is what the person or a source did: registration, a linked record, changed contact details,
 * consent given or withdrawn. Holds, restrictions and merges are decisions about the person, not activity.
 */
@Component
@ProcessingGroup(CustomerActivityProjection.PROCESSING_GROUP)
class CustomerActivityProjection {

    static final String PROCESSING_GROUP = "customer-activity";

    /**
     * Per customer (one row each, in first-seen order) the purposes to add and the last activity: a purpose not yet
     * held is appended, in the order the events named them, exactly as one statement per event would have.
     */
    private static final String ADD_PURPOSES = "INSERT INTO event_store.customer_activity "
            + "(customer_id, purposes, last_activity_at) "
            + "SELECT customer_id, array_agg(purpose ORDER BY n), max(at) "
            + "FROM unnest(?::text[], ?::text[], ?::timestamptz[]) WITH ORDINALITY AS added(customer_id, purpose, at, n) "
            + "GROUP BY customer_id "
            + "ON CONFLICT (customer_id) DO UPDATE SET last_activity_at = EXCLUDED.last_activity_at, "
            + "consent_withdrawn_at = NULL, purposes = customer_activity.purposes || ARRAY("
            + "SELECT purpose FROM unnest(EXCLUDED.purposes) WITH ORDINALITY AS added(purpose, n) "
            + "WHERE NOT purpose = ANY(customer_activity.purposes) ORDER BY n)";

    private static final String PENDING = CustomerActivityProjection.class.getName() + ".pending";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    CustomerActivityProjection(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @EventHandler
    void on(CustomerRegistered event) {
        addPurpose(event.customerId(), event.purpose());
    }

    @EventHandler
    void on(SourceRecordLinked event) {
        addPurpose(event.customerId(), event.purpose());
    }

    @EventHandler
    void on(ContactDetailsChanged event) {
        addPurpose(event.customerId(), event.purpose());
    }

    @EventHandler
    void on(ConsentGranted event) {
        addPurpose(event.customerId(), event.purpose());
    }

    @EventHandler
    void on(ConsentWithdrawn event) {
        flushPending();
        jdbc.update("INSERT INTO event_store.customer_activity (customer_id, last_activity_at) VALUES (?, ?) "
                        + "ON CONFLICT (customer_id) DO UPDATE SET last_activity_at = EXCLUDED.last_activity_at, "
                        + "purposes = array_remove(customer_activity.purposes, ?)",
                event.customerId(), now(), event.purpose());
        jdbc.update("UPDATE event_store.customer_activity SET consent_withdrawn_at = ? "
                + "WHERE customer_id = ? AND cardinality(purposes) = 0", now(), event.customerId());
    }

    @EventHandler
    void on(CustomersMerged event) {
        flushPending();
        for (String purpose : event.consentedPurposes()) {
            jdbc.update("UPDATE event_store.customer_activity SET purposes = purposes || ARRAY[?::text] "
                    + "WHERE customer_id = ? AND NOT (? = ANY(purposes))", purpose, event.customerId(), purpose);
        }
    }

    @EventHandler
    void on(CustomerMergedInto event) {
        flushPending();
        jdbc.update("UPDATE event_store.customer_activity SET merged_into = ? WHERE customer_id = ?",
                event.survivorId(), event.customerId());
    }

    @EventHandler
    void on(CustomerUnmerged event) {
        flushPending();
        jdbc.update("UPDATE event_store.customer_activity SET merged_into = NULL WHERE customer_id = ?",
                event.customerId());
    }

    @EventHandler
    void on(LegalHoldPlaced event) {
        flushPending();
        jdbc.update("UPDATE event_store.customer_activity SET hold_until = ? WHERE customer_id = ?",
                at(event.until()), event.customerId());
    }

    @EventHandler
    void on(LegalHoldReleased event) {
        flushPending();
        jdbc.update("UPDATE event_store.customer_activity SET hold_until = ? WHERE customer_id = ?",
                at(event.releasedAt()), event.customerId());
    }

    @EventHandler
    void on(ErasureDeferred event) {
        flushPending();
        jdbc.update("UPDATE event_store.customer_activity SET erasure_pending_reason = ? WHERE customer_id = ?",
                event.reason().name(), event.customerId());
    }

    @EventHandler
    void on(CustomerErased event) {
        flushPending();
        jdbc.update("UPDATE event_store.customer_activity SET erased_at = ?, erasure_pending_reason = NULL "
                + "WHERE customer_id = ?", at(event.erasedAt()), event.customerId());
    }

    /**
     * The common case, one per registration, link, contact change and consent: collected for the events the
     * processor handles together (a command batch's) and written with one statement as they are committed, in
     * the same transaction. Any other change flushes what was collected first, so each customer's row sees its
     * events in order.
     */
    private void addPurpose(String customerId, String purpose) {
        if (!CurrentUnitOfWork.isStarted()) {
            write(List.of(new AddedPurpose(customerId, purpose, now())));
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        unitOfWork.<List<AddedPurpose>>getOrComputeResource(PENDING, key -> {
            List<AddedPurpose> pending = new ArrayList<>();
            unitOfWork.onPrepareCommit(committing -> flush(pending));
            return pending;
        }).add(new AddedPurpose(customerId, purpose, now()));
    }

    private void flushPending() {
        if (CurrentUnitOfWork.isStarted()) {
            List<AddedPurpose> pending = CurrentUnitOfWork.get().getResource(PENDING);
            if (pending != null) {
                flush(pending);
            }
        }
    }

    private void flush(List<AddedPurpose> pending) {
        if (!pending.isEmpty()) {
            write(pending);
            pending.clear();
        }
    }

    /** A purpose named twice for one customer is written once, where it was first named. */
    private void write(List<AddedPurpose> added) {
        Map<List<String>, AddedPurpose> distinct = new LinkedHashMap<>();
        for (AddedPurpose purpose : added) {
            distinct.merge(List.of(purpose.customerId(), purpose.purpose()), purpose,
                    (first, later) -> new AddedPurpose(first.customerId(), first.purpose(), later.at()));
        }
        Collection<AddedPurpose> rows = distinct.values();
        jdbc.update(ADD_PURPOSES, rows.stream().map(AddedPurpose::customerId).toArray(String[]::new),
                rows.stream().map(AddedPurpose::purpose).toArray(String[]::new),
                rows.stream().map(row -> row.at().toString()).toArray(String[]::new));
    }

    private record AddedPurpose(String customerId, String purpose, OffsetDateTime at) {
    }

    private OffsetDateTime now() {
        return at(clock.instant());
    }

    static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
