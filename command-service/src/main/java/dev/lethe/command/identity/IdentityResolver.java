package dev.lethe.command.identity;

import dev.lethe.command.customer.CommandRejectedException;
import dev.lethe.command.transaction.AfterCommit;
import dev.lethe.contract.customer.ContactDetails;
import dev.lethe.contract.customer.RegisterCustomer;
import dev.lethe.contract.envelope.Rejection;
import dev.lethe.contract.identity.LinkSourceRecord;
import dev.lethe.shredding.BlindIndex;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Decides who a command is about. Runs inside the command's database transaction, before the aggregate is
 * called, so the keys it claims and the events the command stores commit or roll back together.
 *
 * <p>A registration whose email (checked first) or phone matches a known customer is turned into a
 * {@link LinkSourceRecord} for that customer. Keys are claimed in a fixed order (source reference, email,
 * phone), so concurrent registrations wait for each other on the same rows in the same order and cannot
 * deadlock; the second of two registrations of the same new person finds the first one's keys once it
 * commits and links to it.
 */
@Component
public class IdentityResolver {

    private final BlindIndex blindIndex;
    private final SourceReferences sourceReferences;
    private final MatchKeys matchKeys;
    private final CustomerMerges merges;
    private final MeterRegistry meters;

    IdentityResolver(BlindIndex blindIndex, SourceReferences sourceReferences, MatchKeys matchKeys,
                     CustomerMerges merges, MeterRegistry meters) {
        this.blindIndex = blindIndex;
        this.sourceReferences = sourceReferences;
        this.matchKeys = matchKeys;
        this.merges = merges;
        this.meters = meters;
    }

    /**
     * @param command a registration with a fresh customerId
     * @return the registration itself, or a link of its source record to the customer it matched
     * @throws CommandRejectedException {@code SOURCE_RECORD_ALREADY_REGISTERED} when the source already
     *                                  registered this reference
     */
    public Registration register(RegisterCustomer command) {
        byte[] reference = blindIndex.sourceRecord(command.source(), command.sourceCustomerId());
        if (!sourceReferences.claim(reference, command.source(), command.customerId())) {
            throw new CommandRejectedException(Rejection.SOURCE_RECORD_ALREADY_REGISTERED, "payload.sourceCustomerId",
                    "this source record is already registered; address the customer with its customerId");
        }
        // all of the person's keys in one statement, for the new customer; should one belong to someone already,
        // the first such (email before phone) names the match, and what was claimed here moves over to it
        List<MatchKeys.Key> keys = keysOf(command.contactDetails());
        Set<MatchKeys.Kind> claimed = matchKeys.claimAll(keys, command.customerId());
        String matched = null;
        for (MatchKeys.Key key : keys) {
            if (matched == null && !claimed.contains(key.kind())) {
                // a key owned by someone else after the first match stays theirs: a steward may merge them
                matched = matchKeys.owner(key.kind(), key.digest()).map(merges::survivorOf).orElse(null);
            }
        }
        if (matched == null) {
            count("new");
            return new Registration(command.customerId(), command, false);
        }
        for (MatchKeys.Key key : keys) {
            if (claimed.contains(key.kind())) {
                matchKeys.reassign(key.kind(), key.digest(), matched);
            }
        }
        sourceReferences.reassign(reference, matched);
        count("linked");
        return new Registration(matched, new LinkSourceRecord(matched, command.source(), command.sourceCustomerId(),
                command.purpose(), command.contactDetails()), true);
    }

    /** A rectified email or phone becomes a match key of the customer, unless another customer holds it. */
    public void claimContactKeys(String customerId, ContactDetails details) {
        matchKeys.claimAll(keysOf(details), customerId);
    }

    /** The customer a source's own reference belongs to, following merges to the survivor. */
    public Optional<String> customerFor(String source, String sourceCustomerId) {
        return sourceReferences.customerFor(blindIndex.sourceRecord(source, sourceCustomerId)).map(merges::survivorOf);
    }

    /** Where commands for this customer go: itself, or the survivor it was merged into (transitively). */
    public String survivorOf(String customerId) {
        return merges.survivorOf(customerId);
    }

    /** Email before phone, always: the lock order that keeps concurrent registrations free of deadlocks. */
    private List<MatchKeys.Key> keysOf(ContactDetails details) {
        List<MatchKeys.Key> keys = new ArrayList<>(2);
        if (details.email() != null) {
            keys.add(new MatchKeys.Key(MatchKeys.Kind.email, blindIndex.email(details.email())));
        }
        if (details.phone() != null) {
            keys.add(new MatchKeys.Key(MatchKeys.Kind.phone, blindIndex.phone(details.phone())));
        }
        return keys;
    }

    private void count(String outcome) {
        AfterCommit.run(() -> meters.counter("lethe.identity.resolutions", "outcome", outcome).increment());
    }

    /**
     * @param customerId the customer the registration ends with
     * @param command    {@link RegisterCustomer} for a new customer, {@link LinkSourceRecord} for a known one
     * @param linked     whether it matched a known customer
     */
    public record Registration(String customerId, Object command, boolean linked) {
    }
}
