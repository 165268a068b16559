package dev.lethe.contract.hold;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Keep the person's data until {@code until} because a law requires it (e.g. commercial or tax retention of
 * invoices). While a hold is active an erasure is deferred, not refused: processing is restricted (GDPR Art. 18)
 * and the person is erased by the retention sweeper once the hold ends.
 *
 * @param basis the legal ground as a code (never free text, which would invite personal data)
 */
public record PlaceLegalHold(@TargetAggregateIdentifier String customerId, Instant until, String basis) {
}
