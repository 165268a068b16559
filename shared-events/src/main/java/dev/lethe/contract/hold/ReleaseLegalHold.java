package dev.lethe.contract.hold;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** End the person's legal hold early; an erasure deferred by it then happens at the next retention sweep. */
public record ReleaseLegalHold(@TargetAggregateIdentifier String customerId) {
}
