package dev.lethe.command.identity;

import java.util.Collection;
import java.util.List;
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

    /** The email and phone match keys the customers hold (digests only); read before {@link #forget}. */
    public List<MatchKey> matchKeysOf(Collection<String> customerIds) {
        return matchKeys.of(customerIds);
    }

    /** Runs inside the erasure transaction: match keys, source references and merge routing all go. */
    public void forget(Collection<String> customerIds) {
        matchKeys.forget(customerIds);
        sourceReferences.forget(customerIds);
        merges.forget(customerIds);
    }

    /**
     * @param kind   {@code email} or {@code phone}
     * @param digest the blind index of the normalised value
     */
    public record MatchKey(String kind, byte[] digest) {
    }
}
