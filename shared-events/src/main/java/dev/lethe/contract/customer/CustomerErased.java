package dev.lethe.contract.customer;

import dev.lethe.contract.DataSubjectId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The person was erased: their data keys were destroyed in the same transaction that stored this event,
 * so every earlier event about them now reads with its personal fields erased. Holds no personal data.
 */
@Revision("1")
public record CustomerErased(@DataSubjectId String customerId, ErasureReason reason, Instant erasedAt) {
}
