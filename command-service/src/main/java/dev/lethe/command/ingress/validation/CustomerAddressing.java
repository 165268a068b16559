package dev.lethe.command.ingress.validation;

import dev.lethe.command.customer.CommandRejectedException;
import dev.lethe.contract.envelope.Rejection;

/**
 * Finds the customer a command is about: by {@code customerId}, or by the sender's own reference. Either
 * way a customer merged into another is routed to its survivor, which is the same person.
 */
public final class CustomerAddressing {

    private final CustomerDirectory identity;

    public CustomerAddressing(CustomerDirectory identity) {
        this.identity = identity;
    }

    String resolve(String source, Payload payload) {
        String customerId = payload.optionalText("customerId");
        String sourceCustomerId = payload.optionalText("sourceCustomerId");
        if (customerId != null) {
            return identity.survivorOf(customerId);
        }
        if (sourceCustomerId == null) {
            throw new CommandRejectedException(Rejection.MISSING_FIELD, "payload.customerId",
                    "payload.customerId (or payload.sourceCustomerId) is required");
        }
        return identity.customerFor(source, sourceCustomerId).orElseThrow(() -> new CommandRejectedException(
                Rejection.CUSTOMER_NOT_FOUND, "payload.sourceCustomerId",
                "no customer is registered under this source record"));
    }
}
