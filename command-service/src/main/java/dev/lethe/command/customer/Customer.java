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
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One person. Its state holds only what decisions need (status, restriction, consented purposes) and never
 * a personal value, so neither the aggregate cache nor a snapshot can keep data that erasure must remove.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY) // snapshots are serialized from fields
@Aggregate(snapshotTriggerDefinition = "customerSnapshotTrigger", cache = "customerCache")
public class Customer {

    @AggregateIdentifier
    private String customerId;
    private boolean erased;
    private boolean restricted;
    private final Set<String> consentedPurposes = new HashSet<>();

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
        requireNotErased();
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
        requireNotErased();
        apply(new ConsentGranted(customerId, command.purpose(), command.channel(),
                command.consentTextVersion(), command.grantedAt()));
    }

    @CommandHandler
    public void handle(WithdrawConsent command) {
        requireNotErased();
        if (!consentedPurposes.contains(command.purpose())) {
            throw new CommandRejectedException(Rejection.CONSENT_NOT_GRANTED, "purpose",
                    "no consent is held for purpose '" + command.purpose() + "'");
        }
        apply(new ConsentWithdrawn(customerId, command.purpose(), command.channel(), command.withdrawnAt()));
    }

    @CommandHandler
    public void handle(RestrictProcessing command) {
        requireNotErased();
        if (!restricted) {
            apply(new ProcessingRestricted(customerId, command.reason()));
        }
    }

    @CommandHandler
    public void handle(LiftRestriction command) {
        requireNotErased();
        if (restricted) {
            apply(new ProcessingRestrictionLifted(customerId));
        }
    }

    /**
     * Called by {@link dev.lethe.command.erasure.EraseCustomerHandler}, which destroys the person's keys in
     * the same transaction; the aggregate alone cannot reach the key vault.
     */
    public void erase(ErasureReason reason, Clock clock) {
        requireNotErased();
        apply(new CustomerErased(customerId, reason, clock.instant()));
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
    }

    private void requireNotErased() {
        if (erased) {
            throw new CommandRejectedException(Rejection.CUSTOMER_ERASED, "customerId",
                    "the customer has been erased");
        }
    }
}
