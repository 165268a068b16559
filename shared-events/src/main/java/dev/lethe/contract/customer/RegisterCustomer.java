package dev.lethe.contract.customer;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Make a person known to Lethe, as seen by one source system for one processing purpose. */
public record RegisterCustomer(
        @TargetAggregateIdentifier String customerId,
        String source,
        String sourceCustomerId,
        String purpose,
        ContactDetails contactDetails) {
}
