package dev.lethe.benchmark.axon;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.lethe.benchmark.axon.BaselineMessages.ConsentGranted;
import dev.lethe.benchmark.axon.BaselineMessages.ConsentWithdrawn;
import dev.lethe.benchmark.axon.BaselineMessages.EmailChanged;
import dev.lethe.benchmark.axon.BaselineMessages.Erased;
import dev.lethe.benchmark.axon.BaselineMessages.Registered;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

/** The plain event-sourced customer of the baseline: the same decisions as Lethe's, no encryption, no identity. */
class BaselineCustomer {

    @AggregateIdentifier
    private String customerId;
    private boolean consented;
    private boolean erased;

    BaselineCustomer() {
        // for Axon's event sourcing
    }

    @CommandHandler
    BaselineCustomer(BaselineMessages.Register command) {
        apply(new Registered(command.customerId(), command.name(), command.email(), command.phone(), command.street(),
                command.postalCode(), command.city(), command.country()));
    }

    @CommandHandler
    void handle(BaselineMessages.UpdateEmail command) {
        requireNotErased();
        apply(new EmailChanged(customerId, command.email()));
    }

    @CommandHandler
    void handle(BaselineMessages.GrantConsent command) {
        requireNotErased();
        apply(new ConsentGranted(customerId, command.channel(), command.textVersion()));
    }

    @CommandHandler
    void handle(BaselineMessages.WithdrawConsent command) {
        requireNotErased();
        if (!consented) {
            throw new IllegalStateException("no consent to withdraw");
        }
        apply(new ConsentWithdrawn(customerId, command.channel()));
    }

    @CommandHandler
    void handle(BaselineMessages.Erase command) {
        requireNotErased();
        apply(new Erased(customerId, command.reason()));
    }

    @EventSourcingHandler
    void on(Registered event) {
        customerId = event.customerId();
    }

    @EventSourcingHandler
    void on(ConsentGranted event) {
        consented = true;
    }

    @EventSourcingHandler
    void on(ConsentWithdrawn event) {
        consented = false;
    }

    @EventSourcingHandler
    void on(Erased event) {
        erased = true;
    }

    private void requireNotErased() {
        if (erased) {
            throw new IllegalStateException("customer erased");
        }
    }
}
