package dev.lethe.contract.hold;

import dev.lethe.contract.DataSubjectId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The person's legal hold was ended before its date, at {@code releasedAt}. Holds no personal data. */
@Revision("1")
public record LegalHoldReleased(@DataSubjectId String customerId, Instant releasedAt) {
}
