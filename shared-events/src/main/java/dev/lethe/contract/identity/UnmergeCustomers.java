package dev.lethe.contract.identity;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Undo a merge: both customers stand as they were, each with its own source records. */
public record UnmergeCustomers(@TargetAggregateIdentifier String survivorId, String mergedCustomerId) {
}
