package dev.lethe.contract.customer;

import dev.lethe.contract.DataSubjectId;
import org.axonframework.serialization.Revision;

/** Processing of the person's data was restricted (GDPR Art. 18); the reason is a code, never free text. */
@Revision("1")
public record ProcessingRestricted(@DataSubjectId String customerId, String reason) {
}
