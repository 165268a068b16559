package dev.lethe.contract.identity;

import dev.lethe.contract.DataSubjectId;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * A data steward decided that another customer is the same person as this one (the survivor). The merged
 * customer keeps its own history and data and can be split off again ({@link CustomersUnmerged}).
 *
 * @param customerId        the survivor
 * @param consentedPurposes the purposes the merged customer had consent for at merge time, which the
 *                          survivor now answers for (purpose names, not personal data)
 */
@Revision("1")
public record CustomersMerged(@DataSubjectId String customerId, String mergedCustomerId,
                              List<String> consentedPurposes) {
}
