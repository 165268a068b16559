package dev.lethe.contract.identity;

import dev.lethe.contract.customer.ContactDetails;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Attach a source system's record to an existing customer. Issued by identity resolution when a
 * registration matches a customer Lethe already knows; not sent by source systems directly.
 */
public record LinkSourceRecord(
        @TargetAggregateIdentifier String customerId,
        String source,
        String sourceCustomerId,
        String purpose,
        ContactDetails contactDetails) {
}
