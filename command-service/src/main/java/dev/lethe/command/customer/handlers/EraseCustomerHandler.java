package dev.lethe.command.customer.handlers;

import dev.lethe.command.customer.Customer;
import dev.lethe.command.customer.ErasureDeferral;
import dev.lethe.command.erasure.ErasureLedger;
import dev.lethe.command.identity.IdentityRecords;
import dev.lethe.command.suppression.Suppression;
import dev.lethe.contract.customer.EraseCustomer;
import dev.lethe.contract.customer.ErasureReason;
import dev.lethe.shredding.KeyVault;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

/**
 * Erasure = {@code CustomerErased} appended + the person's data keys destroyed + their match keys, source
 * references and merge routing removed (their emails and phones put on the suppression list, if enabled) + an
 * entry in the erasure ledger, all in the transaction of this command: either the person is gone everywhere or
 * nothing changed. Everyone merged into the erased customer is the same person and is erased with it
 * (recursively). The decisions (refusing an erased customer, deferring under a legal hold) are the aggregate's;
 * this handler adds what the aggregate cannot (and should not) reach: the key vault, identity rows and the ledger.
 * The ledger time can only come from {@link LedgerReapplication}: the Kafka ingress sets its own fixed metadata
 * keys and passes none from the sender.
 */
@Component
class EraseCustomerHandler {

    private final Repository<Customer> customers;
    private final KeyVault keyVault;
    private final IdentityRecords identityRecords;
    private final Suppression suppression;
    private final DataSource dataSource;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ErasureLedger ledger;

    EraseCustomerHandler(Repository<Customer> customers, KeyVault keyVault, IdentityRecords identityRecords,
                         Suppression suppression, DataSource dataSource, Clock clock, MeterRegistry meters,
                         ErasureLedger ledger) {
        this.customers = customers;
        this.keyVault = keyVault;
        this.identityRecords = identityRecords;
        this.suppression = suppression;
        this.dataSource = dataSource;
        this.clock = clock;
        this.meters = meters;
        this.ledger = ledger;
    }

    /**
     * @param ledgerErasedAt set only when the erasure ledger is re-applied after a restore
     *                       ({@link LedgerReapplication}): the person was erased then, and the event says so; a
     *                       legal hold cannot defer that, since the erasure already happened
     * @return null when the person was erased, or the deferral when a legal hold keeps them: then processing is
     *         restricted, the erasure is pending and no key is touched
     */
    @CommandHandler
    ErasureDeferral handle(EraseCustomer command,
                           @MetaDataValue(value = ErasureLedger.ERASED_AT, required = false) String ledgerErasedAt) {
        Aggregate<Customer> customer = customers.load(command.customerId());
        if (ledgerErasedAt == null) {
            Optional<ErasureDeferral> deferral = customer.invoke(
                    person -> person.deferErasureDuringLegalHold(command.reason(), clock));
            if (deferral.isPresent()) {
                meters.counter("lethe.erasures.deferred", "reason", command.reason().name()).increment();
                return deferral.get();
            }
        }
        // one instant for the event and the ledger entry
        Instant erasedAt = ledgerErasedAt == null ? clock.instant() : Instant.parse(ledgerErasedAt);
        Clock erasureClock = Clock.fixed(erasedAt, ZoneOffset.UTC);
        List<String> erased = new ArrayList<>();
        erase(customer, command.customerId(), command.reason(), erasureClock, erased);
        // the connection bound to the command's transaction, so a key dies only if the events are stored
        Connection transaction = DataSourceUtils.getConnection(dataSource);
        try {
            for (String customerId : erased) {
                keyVault.destroy(customerId, transaction);
            }
        } finally {
            DataSourceUtils.releaseConnection(transaction, dataSource);
        }
        // derived from the match keys, so before they go
        suppression.erased(erased);
        identityRecords.forget(erased);
        // the ledger outlives any restore of an older backup: docs/backup-restore.md
        ledger.record(erased, command.reason(), erasedAt);
        meters.counter("lethe.erasures", "reason", command.reason().name()).increment();
        if (erased.size() > 1) {
            meters.counter("lethe.erasures.merged-members").increment(erased.size() - 1.0);
        }
        return null;
    }

    /** The customer first (an erased one rejects the command), then everyone merged into it. */
    private void erase(Aggregate<Customer> customer, String customerId, ErasureReason reason, Clock erasureClock,
                       List<String> erased) {
        // read before erasing: the erasure event clears the members from the state
        Set<String> members = customer.invoke(Customer::members);
        customer.execute(person -> person.erase(reason, erasureClock));
        erased.add(customerId);
        for (String memberId : members) {
            erase(customers.load(memberId), memberId, reason, erasureClock, erased);
        }
    }
}
