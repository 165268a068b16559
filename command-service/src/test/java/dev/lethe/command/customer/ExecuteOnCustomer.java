package dev.lethe.command.customer;

import java.util.function.Consumer;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Test-only command that runs one of the aggregate's public decision methods the way the handlers in
 * {@code customer.handlers} (merge, erasure) do: load from the repository, then invoke on the aggregate. Its result
 * is the method's return value.
 */
public record ExecuteOnCustomer(@TargetAggregateIdentifier String customerId, Function<Customer, ?> decision) {

    public static ExecuteOnCustomer decide(String customerId, Consumer<Customer> decision) {
        return new ExecuteOnCustomer(customerId, customer -> {
            decision.accept(customer);
            return null;
        });
    }

    static final class Handler {
        private final Repository<Customer> customers;

        Handler(Repository<Customer> customers) {
            this.customers = customers;
        }

        @CommandHandler
        Object handle(ExecuteOnCustomer command) {
            return customers.load(command.customerId()).invoke(command.decision());
        }
    }
}
