package dev.lethe.command.customer.handlers;

import dev.lethe.command.customer.CommandRejectedException;
import dev.lethe.command.customer.Customer;
import dev.lethe.command.identity.CustomerMerges;
import dev.lethe.command.transaction.AfterCommit;
import dev.lethe.contract.envelope.Rejection;
import dev.lethe.contract.identity.MergeCustomers;
import dev.lethe.contract.identity.UnmergeCustomers;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * A data steward's merge and unmerge. Both customers change in one unit of work and one transaction with
 * the merge routing row, so the histories and the routing can never disagree. Lives outside the aggregate
 * because it spans two of them and the routing table.
 */
@Component
class CustomerMergeHandler {

    private final Repository<Customer> customers;
    private final CustomerMerges merges;
    private final Clock clock;
    private final MeterRegistry meters;

    CustomerMergeHandler(Repository<Customer> customers, CustomerMerges merges, Clock clock, MeterRegistry meters) {
        this.customers = customers;
        this.merges = merges;
        this.clock = clock;
        this.meters = meters;
    }

    @CommandHandler
    void handle(MergeCustomers command) {
        if (command.survivorId().equals(command.mergedCustomerId())) {
            throw new CommandRejectedException(Rejection.CANNOT_MERGE_WITH_ITSELF, "payload.mergedCustomerId",
                    "payload.mergedCustomerId must differ from payload.survivorId");
        }
        Pair pair = loadPair(command.survivorId(), command.mergedCustomerId());
        pair.survivor().execute(survivor -> survivor.requireMergeable("payload.survivorId"));
        pair.merged().execute(merged -> merged.requireMergeable("payload.mergedCustomerId"));
        Set<String> purposes = pair.merged().invoke(Customer::answeredPurposes);
        pair.survivor().execute(survivor -> survivor.absorb(command.mergedCustomerId(), purposes));
        pair.merged().execute(merged -> merged.mergeInto(command.survivorId()));
        merges.record(command.mergedCustomerId(), command.survivorId());
        AfterCommit.run(() -> meters.counter("lethe.identity.merges", "action", "merge").increment());
    }

    @CommandHandler
    void handle(UnmergeCustomers command) {
        if (command.survivorId().equals(command.mergedCustomerId())) {
            throw new CommandRejectedException(Rejection.CUSTOMERS_NOT_MERGED, "payload.mergedCustomerId",
                    "payload.mergedCustomerId is not merged into payload.survivorId");
        }
        Pair pair = loadPair(command.survivorId(), command.mergedCustomerId());
        Set<String> stillConsented = pair.survivor().invoke(survivor -> survivor.release(command.mergedCustomerId()));
        pair.merged().execute(merged -> merged.splitOff(command.survivorId(), stillConsented, clock));
        merges.remove(command.mergedCustomerId(), command.survivorId());
        AfterCommit.run(() -> meters.counter("lethe.identity.merges", "action", "unmerge").increment());
    }

    /** Loads (and locks) the two in id order, so two stewards merging the same pair both ways cannot deadlock. */
    private Pair loadPair(String survivorId, String mergedCustomerId) {
        if (survivorId.compareTo(mergedCustomerId) < 0) {
            Aggregate<Customer> survivor = loadOne(survivorId, "payload.survivorId");
            return new Pair(survivor, loadOne(mergedCustomerId, "payload.mergedCustomerId"));
        }
        Aggregate<Customer> merged = loadOne(mergedCustomerId, "payload.mergedCustomerId");
        return new Pair(loadOne(survivorId, "payload.survivorId"), merged);
    }

    private Aggregate<Customer> loadOne(String customerId, String field) {
        try {
            return customers.load(customerId);
        } catch (AggregateNotFoundException notFound) {
            throw new CommandRejectedException(Rejection.CUSTOMER_NOT_FOUND, field, "no customer exists with this " + field);
        }
    }

    private record Pair(Aggregate<Customer> survivor, Aggregate<Customer> merged) {
    }
}
