package dev.lethe.contract.customer;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Erase the person: destroy their data keys so that every copy of their personal data becomes unreadable. */
public record EraseCustomer(@TargetAggregateIdentifier String customerId, ErasureReason reason) {
}
