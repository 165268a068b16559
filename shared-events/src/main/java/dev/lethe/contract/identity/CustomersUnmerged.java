package dev.lethe.contract.identity;

import dev.lethe.contract.DataSubjectId;
import org.axonframework.serialization.Revision;

/** A wrong merge was undone: the merged customer no longer belongs to this survivor. */
@Revision("1")
public record CustomersUnmerged(@DataSubjectId String customerId, String mergedCustomerId) {
}
