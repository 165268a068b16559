package dev.lethe.contract.customer;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Rectify contact details (GDPR Art. 16); {@code null} fields stay as they are. */
public record UpdateContactDetails(
        @TargetAggregateIdentifier String customerId, String purpose, ContactDetails contactDetails) {
}
