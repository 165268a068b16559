package dev.lethe.command.hold;

import dev.lethe.command.customer.Customer;
import dev.lethe.contract.hold.PlaceLegalHold;
import dev.lethe.contract.hold.ReleaseLegalHold;
import java.time.Clock;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Places and releases legal holds. Outside the aggregate only because the decision needs the service's clock
 * (a hold that already ended is no hold), which tests move instead of waiting.
 */
@Component
class LegalHoldHandler {

    private final Repository<Customer> customers;
    private final Clock clock;

    LegalHoldHandler(Repository<Customer> customers, Clock clock) {
        this.customers = customers;
        this.clock = clock;
    }

    @CommandHandler
    void handle(PlaceLegalHold command) {
        customers.load(command.customerId()).execute(person -> person.placeLegalHold(command.until(), command.basis(),
                clock));
    }

    @CommandHandler
    void handle(ReleaseLegalHold command) {
        customers.load(command.customerId()).execute(person -> person.releaseLegalHold(clock));
    }
}
