package dev.lethe.contract.customer;

import dev.lethe.contract.DataSubjectId;
import org.axonframework.serialization.Revision;

/** A restriction of processing ended; the person's data may be processed again. */
@Revision("1")
public record ProcessingRestrictionLifted(@DataSubjectId String customerId) {
}
