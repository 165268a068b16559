package dev.lethe.command.identity;

import java.util.Collection;
import org.springframework.stereotype.Component;

/** Everything identity resolution keeps about customers, removed with them when they are erased. */
@Component
public class IdentityRecords {

    private final MatchKeys matchKeys;
    private final SourceReferences sourceReferences;
    private final CustomerMerges merges;

    IdentityRecords(MatchKeys matchKeys, SourceReferences sourceReferences, CustomerMerges merges) {
        this.matchKeys = matchKeys;
        this.sourceReferences = sourceReferences;
        this.merges = merges;
    }

    /** Runs inside the erasure transaction: match keys, source references and merge routing all go. */
    public void forget(Collection<String> customerIds) {
        matchKeys.forget(customerIds);
        sourceReferences.forget(customerIds);
        merges.forget(customerIds);
    }
}
