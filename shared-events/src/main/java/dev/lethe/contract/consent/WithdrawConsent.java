package dev.lethe.contract.consent;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record that the person withdrew consent for a purpose. */
public record WithdrawConsent(
        @TargetAggregateIdentifier String customerId, String purpose, String channel, Instant withdrawnAt) {
}
