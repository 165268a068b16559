package dev.lethe.command.ingress;

import dev.lethe.command.customer.CommandRejectedException;
import dev.lethe.command.customer.Rejection;
import dev.lethe.command.identity.SourceRecords;
import org.springframework.stereotype.Component;

/** Finds the customer a command is about: by {@code customerId}, or by the sender's own reference. */
@Component
class CustomerAddressing {

    private final SourceRecords sourceRecords;

    CustomerAddressing(SourceRecords sourceRecords) {
        this.sourceRecords = sourceRecords;
    }

    String resolve(String source, Payload payload) {
        String customerId = payload.optionalText("customerId");
        String sourceCustomerId = payload.optionalText("sourceCustomerId");
        if (customerId != null) {
            return customerId;
        }
        if (sourceCustomerId == null) {
            throw new CommandRejectedException(Rejection.MISSING_FIELD, "payload.customerId",
                    "payload.customerId (or payload.sourceCustomerId) is required");
        }
        return sourceRecords.customerFor(source, sourceCustomerId).orElseThrow(() -> new CommandRejectedException(
                Rejection.CUSTOMER_NOT_FOUND, "payload.sourceCustomerId",
                "no customer is registered under this source record"));
    }
}
