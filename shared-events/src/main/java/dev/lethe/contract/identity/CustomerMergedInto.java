package dev.lethe.contract.identity;

import dev.lethe.contract.DataSubjectId;
import org.axonframework.serialization.Revision;

/**
 * This customer was merged into a survivor: from now on commands and the unified view address the survivor.
 * Stored in the merged customer's own history, beside {@link CustomersMerged} in the survivor's.
 */
@Revision("1")
public record CustomerMergedInto(@DataSubjectId String customerId, String survivorId) {
}
