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
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
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

    private static final String ADD_PURPOSE = "INSERT INTO event_store.customer_activity "
            + "(customer_id, purposes, last_activity_at) VALUES (?, ARRAY[?::text], ?) "
            + "ON CONFLICT (customer_id) DO UPDATE SET last_activity_at = EXCLUDED.last_activity_at, "
            + "consent_withdrawn_at = NULL, purposes = CASE WHEN EXCLUDED.purposes[1] = ANY(customer_activity.purposes) "
            + "THEN customer_activity.purposes ELSE customer_activity.purposes || EXCLUDED.purposes END";

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
        jdbc.update("INSERT INTO event_store.customer_activity (customer_id, last_activity_at) VALUES (?, ?) "
                        + "ON CONFLICT (customer_id) DO UPDATE SET last_activity_at = EXCLUDED.last_activity_at, "
                        + "purposes = array_remove(customer_activity.purposes, ?)",
                event.customerId(), now(), event.purpose());
        jdbc.update("UPDATE event_store.customer_activity SET consent_withdrawn_at = ? "
                + "WHERE customer_id = ? AND cardinality(purposes) = 0", now(), event.customerId());
    }

    @EventHandler
    void on(CustomersMerged event) {
        for (String purpose : event.consentedPurposes()) {
            jdbc.update("UPDATE event_store.customer_activity SET purposes = purposes || ARRAY[?::text] "
                    + "WHERE customer_id = ? AND NOT (? = ANY(purposes))", purpose, event.customerId(), purpose);
        }
    }

    @EventHandler
    void on(CustomerMergedInto event) {
        jdbc.update("UPDATE event_store.customer_activity SET merged_into = ? WHERE customer_id = ?",
                event.survivorId(), event.customerId());
    }

    @EventHandler
    void on(CustomerUnmerged event) {
        jdbc.update("UPDATE event_store.customer_activity SET merged_into = NULL WHERE customer_id = ?",
                event.customerId());
    }

    @EventHandler
    void on(LegalHoldPlaced event) {
        jdbc.update("UPDATE event_store.customer_activity SET hold_until = ? WHERE customer_id = ?",
                at(event.until()), event.customerId());
    }

    @EventHandler
    void on(LegalHoldReleased event) {
        jdbc.update("UPDATE event_store.customer_activity SET hold_until = ? WHERE customer_id = ?",
                at(event.releasedAt()), event.customerId());
    }

    @EventHandler
    void on(ErasureDeferred event) {
        jdbc.update("UPDATE event_store.customer_activity SET erasure_pending_reason = ? WHERE customer_id = ?",
                event.reason().name(), event.customerId());
    }

    @EventHandler
    void on(CustomerErased event) {
        jdbc.update("UPDATE event_store.customer_activity SET erased_at = ?, erasure_pending_reason = NULL "
                + "WHERE customer_id = ?", at(event.erasedAt()), event.customerId());
    }

    private void addPurpose(String customerId, String purpose) {
        jdbc.update(ADD_PURPOSE, customerId, purpose, now());
    }

    private OffsetDateTime now() {
        return at(clock.instant());
    }

    static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
