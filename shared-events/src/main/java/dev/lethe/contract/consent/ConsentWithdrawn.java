package dev.lethe.contract.consent;

import dev.lethe.contract.DataSubjectId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The person withdrew consent for a purpose (GDPR Art. 7(3)). */
@Revision("1")
public record ConsentWithdrawn(
        @DataSubjectId String customerId,
        String purpose,
        String channel,
        Instant withdrawnAt) {
}
