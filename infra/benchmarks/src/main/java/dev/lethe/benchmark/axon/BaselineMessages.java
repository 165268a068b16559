package dev.lethe.benchmark.axon;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The baseline's commands and events: the same operations as Lethe's, with plain (unencrypted) fields. */
final class BaselineMessages {

    private BaselineMessages() {
    }

    record Register(String customerId, String name, String email, String phone, String street, String postalCode,
                    String city, String country) {
    }

    record UpdateEmail(@TargetAggregateIdentifier String customerId, String email) {
    }

    record GrantConsent(@TargetAggregateIdentifier String customerId, String channel, String textVersion) {
    }

    record WithdrawConsent(@TargetAggregateIdentifier String customerId, String channel) {
    }

    record Erase(@TargetAggregateIdentifier String customerId, String reason) {
    }

    record Registered(String customerId, String name, String email, String phone, String street, String postalCode,
                      String city, String country) {
    }

    record EmailChanged(String customerId, String email) {
    }

    record ConsentGranted(String customerId, String channel, String textVersion) {
    }

    record ConsentWithdrawn(String customerId, String channel) {
    }

    record Erased(String customerId, String reason) {
    }
}
