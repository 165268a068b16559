package dev.lethe.command.customer;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.lethe.contract.Personal;
import dev.lethe.contract.consent.ConsentGranted;
import dev.lethe.contract.consent.ConsentWithdrawn;
import dev.lethe.contract.consent.GrantConsent;
import dev.lethe.contract.consent.WithdrawConsent;
import dev.lethe.contract.customer.ContactDetails;
import dev.lethe.contract.customer.ContactDetailsChanged;
import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.contract.customer.ErasureReason;
import dev.lethe.contract.customer.LiftRestriction;
import dev.lethe.contract.customer.ProcessingRestricted;
import dev.lethe.contract.customer.ProcessingRestrictionLifted;
import dev.lethe.contract.customer.RegisterCustomer;
import dev.lethe.contract.customer.RestrictProcessing;
import dev.lethe.contract.customer.UpdateContactDetails;
import dev.lethe.contract.envelope.CommandResult;
import dev.lethe.contract.envelope.Rejection;
import dev.lethe.contract.hold.ErasureDeferred;
import dev.lethe.contract.hold.LegalHoldPlaced;
import dev.lethe.contract.hold.LegalHoldReleased;
import dev.lethe.contract.hold.PlaceLegalHold;
import dev.lethe.contract.hold.ReleaseLegalHold;
import dev.lethe.contract.identity.CustomerMergedInto;
import dev.lethe.contract.identity.CustomerUnmerged;
import dev.lethe.contract.identity.CustomersMerged;
import dev.lethe.contract.identity.CustomersUnmerged;
import dev.lethe.contract.identity.LinkSourceRecord;
import dev.lethe.contract.identity.SourceRecordLinked;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One person. Its state holds only what decisions need (status, restriction, consented purposes, merge
 * routing by customer id) and never a personal value, so neither the aggregate cache nor a snapshot can
 * keep data that erasure must remove.
 *
 * <p>A customer merged into a survivor refuses commands ({@code CUSTOMER_MERGED}): the ingress routes them
 * to the survivor, which answers for the consents of its members until they are split off again.
 *
 * <p>It handles its own commands, the legal hold's with the service's {@link Clock} as a handler parameter. A merge
 * and an erasure also change what lies outside the event store (the routing row; keys, identity rows, the ledger),
 * so they are driven from {@code customer.handlers}, through the public decision methods below; their state changes
 * are still this class's events.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY) // snapshots are serialized from fields
@Aggregate(snapshotTriggerDefinition = "customerSnapshotTrigger", cache = "customerCache")
public class Customer {

    /** The channel of a withdrawal that was given to the survivor and is copied to the member on unmerge. */
    public static final String WITHDRAWN_WHILE_MERGED = "withdrawn-while-merged";

    @AggregateIdentifier
    private String customerId;
    private boolean erased;
    private boolean restricted;
    private final Set<String> consentedPurposes = new HashSet<>();
    /** The survivor this customer was merged into, or null. */
    private String mergedInto;
    /** Customers merged into this one, each with the consented purposes this customer answers for. */
    private final Map<String, Set<String>> members = new HashMap<>();
    /** The end of the legal hold, or null; erasure waits while it lies in the future. */
    private Instant legalHoldUntil;
    /** An erasure waits for the hold to end: the restriction that came with it must stay until then. */
    private boolean erasurePending;

    protected Customer() {
        // for Axon: state is rebuilt from events
    }

    @CommandHandler
    public Customer(RegisterCustomer command) {
        ContactDetails details = command.contactDetails();
        apply(new CustomerRegistered(
                command.customerId(),
                command.source(),
                Personal.of(command.sourceCustomerId()),
                command.purpose(),
                Personal.ofNullable(details.name()),
                Personal.ofNullable(details.email()),
                Personal.ofNullable(details.phone()),
                Personal.ofNullable(details.postalAddress()),
                Personal.ofNullable(details.birthDate())));
    }

    @CommandHandler
    public void handle(UpdateContactDetails command) {
        requireActive();
        ContactDetails details = command.contactDetails();
        apply(new ContactDetailsChanged(
                customerId,
                command.purpose(),
                Personal.ofNullable(details.name()),
                Personal.ofNullable(details.email()),
                Personal.ofNullable(details.phone()),
                Personal.ofNullable(details.postalAddress()),
                Personal.ofNullable(details.birthDate())));
    }

    @CommandHandler
    public void handle(GrantConsent command) {
        requireActive();
        apply(new ConsentGranted(customerId, command.purpose(), command.channel(),
                command.consentTextVersion(), command.grantedAt()));
    }

    @CommandHandler
    public void handle(WithdrawConsent command) {
        requireActive();
        if (!answeredPurposes().contains(command.purpose())) {
            throw new CommandRejectedException(Rejection.CONSENT_NOT_GRANTED, "purpose",
                    "no consent is held for purpose '" + command.purpose() + "'");
        }
        apply(new ConsentWithdrawn(customerId, command.purpose(), command.channel(), command.withdrawnAt()));
    }

    @CommandHandler
    public void handle(RestrictProcessing command) {
        requireActive();
        if (!restricted) {
            apply(new ProcessingRestricted(customerId, command.reason()));
        }
    }

    @CommandHandler
    public void handle(LiftRestriction command) {
        requireActive();
        if (erasurePending) {
            throw new CommandRejectedException(Rejection.ERASURE_PENDING, "customerId",
                    "an erasure of this customer waits for the end of a legal hold; processing stays restricted");
        }
        if (restricted) {
            apply(new ProcessingRestrictionLifted(customerId));
        }
    }

    @CommandHandler
    public void handle(LinkSourceRecord command) {
        requireActive();
        ContactDetails details = command.contactDetails();
        apply(new SourceRecordLinked(
                customerId,
                command.source(),
                Personal.of(command.sourceCustomerId()),
                command.purpose(),
                Personal.ofNullable(details.name()),
                Personal.ofNullable(details.email()),
                Personal.ofNullable(details.phone()),
                Personal.ofNullable(details.postalAddress()),
                Personal.ofNullable(details.birthDate())));
    }

    /**
     * A later end date extends an active hold; an earlier one never shortens it (release it instead). The
     * service's clock decides whether a hold is still active, so tests move the clock instead of waiting.
     */
    @CommandHandler
    public void handle(PlaceLegalHold command, Clock clock) {
        requireActive();
        if (!command.until().isAfter(clock.instant())) {
            throw new CommandRejectedException(Rejection.LEGAL_HOLD_ENDS_IN_PAST, "payload.until",
                    "payload.until must lie in the future");
        }
        Instant effective = activeLegalHold(clock).filter(current -> current.isAfter(command.until()))
                .orElse(command.until());
        apply(new LegalHoldPlaced(customerId, effective, command.basis()));
    }

    @CommandHandler
    public void handle(ReleaseLegalHold command, Clock clock) {
        requireActive();
        if (activeLegalHold(clock).isEmpty()) {
            throw new CommandRejectedException(Rejection.LEGAL_HOLD_NOT_ACTIVE, "customerId",
                    "the customer is not under an active legal hold");
        }
        apply(new LegalHoldReleased(customerId, clock.instant()));
    }

    // Decisions that the handlers in customer.handlers ask for: a merge changes two customers and the routing row
    // in one transaction, an erasure destroys keys and identity rows with its event. Each decides for this customer.

    /** Refuses to take part in a merge (either side) when erased or already merged into someone else. */
    public void requireMergeable(String field) {
        requireNotErased(field);
        if (mergedInto != null) {
            throw new CommandRejectedException(Rejection.CUSTOMER_MERGED, field,
                    field + " is already merged into customer " + mergedInto);
        }
    }

    /** Purposes this customer answers for: its own consents and those of everyone merged into it. */
    public Set<String> answeredPurposes() {
        Set<String> purposes = new TreeSet<>(consentedPurposes);
        members.values().forEach(purposes::addAll);
        return purposes;
    }

    /** The customers merged directly into this one. */
    public Set<String> members() {
        return Set.copyOf(members.keySet());
    }

    /** Survivor side of a merge, called by the merge handler after both sides were checked. */
    public void absorb(String mergedCustomerId, Set<String> mergedPurposes) {
        apply(new CustomersMerged(customerId, mergedCustomerId, List.copyOf(new TreeSet<>(mergedPurposes))));
    }

    /** Merged side of a merge. */
    public void mergeInto(String survivorId) {
        apply(new CustomerMergedInto(customerId, survivorId));
    }

    /**
     * Survivor side of an unmerge.
     *
     * @return the member's purposes this survivor still answered for; any other was withdrawn while merged
     */
    public Set<String> release(String mergedCustomerId) {
        requireNotErased("payload.survivorId");
        Set<String> stillConsented = members.get(mergedCustomerId);
        if (stillConsented == null) {
            throw new CommandRejectedException(Rejection.CUSTOMERS_NOT_MERGED, "payload.mergedCustomerId",
                    "payload.mergedCustomerId is not merged into payload.survivorId");
        }
        Set<String> result = Set.copyOf(stillConsented);
        apply(new CustomersUnmerged(customerId, mergedCustomerId));
        return result;
    }

    /**
     * Merged side of an unmerge: the customer stands on its own again. A consent withdrawn on the survivor
     * while merged was the member's withdrawal too, so it is recorded in the member's own history now.
     */
    public void splitOff(String formerSurvivorId, Set<String> stillConsented, Clock clock) {
        if (!formerSurvivorId.equals(mergedInto)) {
            throw new CommandRejectedException(Rejection.CUSTOMERS_NOT_MERGED, "payload.mergedCustomerId",
                    "payload.mergedCustomerId is not merged into payload.survivorId");
        }
        apply(new CustomerUnmerged(customerId, formerSurvivorId));
        for (String purpose : answeredPurposes()) {
            if (!stillConsented.contains(purpose)) {
                apply(new ConsentWithdrawn(customerId, purpose, WITHDRAWN_WHILE_MERGED, clock.instant()));
            }
        }
    }

    /**
     * Called by {@link dev.lethe.command.customer.handlers.EraseCustomerHandler}, which destroys the person's keys
     * in the same transaction; the aggregate alone cannot reach the key vault.
     */
    public void erase(ErasureReason reason, Clock clock) {
        requireNotErased("customerId");
        apply(new CustomerErased(customerId, reason, clock.instant()));
    }

    /**
     * The first half of an erasure. During a legal hold the person is not erased: processing is restricted
     * instead (GDPR Art. 18(1)(b)) and the erasure is recorded as pending, for the retention sweeper to carry out
     * when the hold ends.
     *
     * @return the deferral, or empty when nothing holds the erasure back (an erased customer included: erasing
     *         it again is refused by {@link #erase})
     */
    public Optional<ErasureDeferral> deferErasureDuringLegalHold(ErasureReason reason, Clock clock) {
        Optional<Instant> hold = erased ? Optional.empty() : activeLegalHold(clock);
        if (hold.isEmpty()) {
            return Optional.empty();
        }
        if (!restricted) {
            apply(new ProcessingRestricted(customerId, CommandResult.ERASURE_DEFERRED_LEGAL_HOLD));
        }
        apply(new ErasureDeferred(customerId, reason, hold.get(), clock.instant()));
        return Optional.of(new ErasureDeferral(hold.get()));
    }

    /** The end of the legal hold if one is active now. */
    private Optional<Instant> activeLegalHold(Clock clock) {
        return legalHoldUntil != null && legalHoldUntil.isAfter(clock.instant())
                ? Optional.of(legalHoldUntil) : Optional.empty();
    }

    @EventSourcingHandler
    void on(LegalHoldPlaced event) {
        legalHoldUntil = event.until();
    }

    @EventSourcingHandler
    void on(ErasureDeferred event) {
        erasurePending = true;
    }

    @EventSourcingHandler
    void on(LegalHoldReleased event) {
        legalHoldUntil = event.releasedAt();
    }

    @EventSourcingHandler
    void on(CustomerRegistered event) {
        customerId = event.customerId();
    }

    @EventSourcingHandler
    void on(ConsentGranted event) {
        consentedPurposes.add(event.purpose());
    }

    @EventSourcingHandler
    void on(ConsentWithdrawn event) {
        consentedPurposes.remove(event.purpose());
        members.values().forEach(purposes -> purposes.remove(event.purpose()));
    }

    @EventSourcingHandler
    void on(CustomersMerged event) {
        members.put(event.mergedCustomerId(), new HashSet<>(event.consentedPurposes()));
    }

    @EventSourcingHandler
    void on(CustomersUnmerged event) {
        members.remove(event.mergedCustomerId());
    }

    @EventSourcingHandler
    void on(CustomerMergedInto event) {
        mergedInto = event.survivorId();
    }

    @EventSourcingHandler
    void on(CustomerUnmerged event) {
        mergedInto = null;
    }

    @EventSourcingHandler
    void on(ProcessingRestricted event) {
        restricted = true;
    }

    @EventSourcingHandler
    void on(ProcessingRestrictionLifted event) {
        restricted = false;
    }

    @EventSourcingHandler
    void on(CustomerErased event) {
        erased = true;
        consentedPurposes.clear();
        members.clear();
    }

    private void requireActive() {
        requireNotErased("customerId");
        if (mergedInto != null) {
            throw new CommandRejectedException(Rejection.CUSTOMER_MERGED, "customerId",
                    "the customer was merged into customer " + mergedInto + "; address that customer");
        }
    }

    private void requireNotErased(String field) {
        if (erased) {
            throw new CommandRejectedException(Rejection.CUSTOMER_ERASED, field,
                    "customerId".equals(field) ? "the customer has been erased" : field + " has been erased");
        }
    }
}
