package dev.lethe.command.customer;

import java.util.function.Consumer;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Test-only command that runs one of the aggregate's public decision methods the way the external handlers
 * (merge, erasure) do: load from the repository, then execute on the aggregate.
 */
record ExecuteOnCustomer(@TargetAggregateIdentifier String customerId, Consumer<Customer> decision) {

    static final class Handler {
        private final Repository<Customer> customers;

        Handler(Repository<Customer> customers) {
            this.customers = customers;
        }

        @CommandHandler
        void handle(ExecuteOnCustomer command) {
            customers.load(command.customerId()).execute(command.decision());
        }
    }
}
