package dev.lethe.contract.consent;

import dev.lethe.contract.DataSubjectId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The person consented to processing for a purpose, through a channel, to a given version of the text. */
@Revision("1")
public record ConsentGranted(
        @DataSubjectId String customerId,
        String purpose,
        String channel,
        String consentTextVersion,
        Instant grantedAt) {
}
