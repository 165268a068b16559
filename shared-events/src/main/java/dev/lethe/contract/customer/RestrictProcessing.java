package dev.lethe.contract.customer;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Restrict processing of the person's data (GDPR Art. 18), e.g. while accuracy is contested. */
public record RestrictProcessing(@TargetAggregateIdentifier String customerId, String reason) {
}
