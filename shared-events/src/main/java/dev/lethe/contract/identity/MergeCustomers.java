package dev.lethe.contract.identity;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A data steward's decision: {@code mergedCustomerId} is the same person as {@code survivorId}. */
public record MergeCustomers(@TargetAggregateIdentifier String survivorId, String mergedCustomerId) {
}
