package dev.lethe.contract.hold;

import dev.lethe.contract.DataSubjectId;
import dev.lethe.contract.customer.ErasureReason;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * An erasure was asked for while a legal hold was active: it is pending until {@code holdUntil}, when the
 * retention sweeper carries it out with the same {@code reason}. Processing is restricted meanwhile.
 * Holds no personal data.
 */
@Revision("1")
public record ErasureDeferred(@DataSubjectId String customerId, ErasureReason reason, Instant holdUntil,
                              Instant requestedAt) {
}
