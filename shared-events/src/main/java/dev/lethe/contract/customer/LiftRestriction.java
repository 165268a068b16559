package dev.lethe.contract.customer;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** End a restriction of processing. */
public record LiftRestriction(@TargetAggregateIdentifier String customerId) {
}
