package dev.lethe.contract.consent;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record that the person consented to a purpose. {@code grantedAt} is when the person consented. */
public record GrantConsent(
        @TargetAggregateIdentifier String customerId,
        String purpose,
        String channel,
        String consentTextVersion,
        Instant grantedAt) {
}
