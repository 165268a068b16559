package dev.lethe.contract.identity;

import dev.lethe.contract.DataSubjectId;
import org.axonframework.serialization.Revision;

/** This customer was split off the survivor it had been merged into and stands on its own again. */
@Revision("1")
public record CustomerUnmerged(@DataSubjectId String customerId, String formerSurvivorId) {
}
