package dev.lethe.command.erasure;

import dev.lethe.command.customer.Customer;
import dev.lethe.command.identity.SourceRecords;
import dev.lethe.contract.customer.EraseCustomer;
import dev.lethe.shredding.KeyVault;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.time.Clock;
import javax.sql.DataSource;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

/**
 * Erasure = {@code CustomerErased} appended + the person's data keys destroyed + their source references
 * removed, all in the transaction of this command: either the person is gone everywhere or nothing
 * changed. Lives outside the aggregate because the aggregate cannot (and should not) reach the key vault.
 */
@Component
class EraseCustomerHandler {

    private final Repository<Customer> customers;
    private final KeyVault keyVault;
    private final SourceRecords sourceRecords;
    private final DataSource dataSource;
    private final Clock clock;
    private final MeterRegistry meters;

    EraseCustomerHandler(Repository<Customer> customers, KeyVault keyVault, SourceRecords sourceRecords,
                         DataSource dataSource, Clock clock, MeterRegistry meters) {
        this.customers = customers;
        this.keyVault = keyVault;
        this.sourceRecords = sourceRecords;
        this.dataSource = dataSource;
        this.clock = clock;
        this.meters = meters;
    }

    @CommandHandler
    void handle(EraseCustomer command) {
        customers.load(command.customerId()).execute(customer -> customer.erase(command.reason(), clock));
        // the connection bound to the command's transaction, so the key dies only if the event is stored
        Connection transaction = DataSourceUtils.getConnection(dataSource);
        try {
            keyVault.destroy(command.customerId(), transaction);
        } finally {
            DataSourceUtils.releaseConnection(transaction, dataSource);
        }
        sourceRecords.forget(command.customerId());
        meters.counter("lethe.erasures", "reason", command.reason().name()).increment();
    }
}
