package dev.lethe.command.suppression;

import dev.lethe.command.customer.CommandRejectedException;
import dev.lethe.command.identity.IdentityRecords;
import dev.lethe.contract.customer.ContactDetails;
import dev.lethe.contract.envelope.Rejection;
import dev.lethe.shredding.BlindIndex;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The suppression list's rules (docs/suppression.md). Both sides run inside the command's transaction: an
 * erasure's entries commit with its {@code CustomerErased}; a registration's check, and the lifting of an entry
 * by fresh consent, commit with its events. Does nothing while {@code lethe.suppression.enabled} is false.
 */
@Component
@EnableConfigurationProperties(SuppressionProperties.class)
public class Suppression {

    private final SuppressionProperties properties;
    private final SuppressionList list;
    private final IdentityRecords identityRecords;
    private final BlindIndex blindIndex;
    private final Clock clock;
    private final MeterRegistry meters;

    Suppression(SuppressionProperties properties, SuppressionList list, IdentityRecords identityRecords,
                BlindIndex blindIndex, Clock clock, MeterRegistry meters) {
        this.properties = properties;
        this.list = list;
        this.identityRecords = identityRecords;
        this.blindIndex = blindIndex;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Puts the erased customers' emails and phones on the list. Call before their match keys are forgotten:
     * the entries are derived from those digests, as no plaintext is at hand (and none is wanted) at erasure.
     */
    public void erased(Collection<String> customerIds) {
        if (!properties.enabled()) {
            return;
        }
        Instant now = clock.instant();
        list.removeExpired(now);
        int added = 0;
        for (IdentityRecords.MatchKey key : identityRecords.matchKeysOf(customerIds)) {
            if (properties.covers(key.kind())) {
                list.add(key.kind(), blindIndex.suppression(key.kind(), key.digest()), now,
                        now.plus(properties.retention()));
                added++;
            }
        }
        meters.counter("lethe.suppression.entries", "action", "added").increment(added);
    }

    /**
     * Lets a registration through unless its email (checked first) or phone is suppressed. Fresh consent — the
     * person consented, for the registration's purpose, after the entry was made — lifts the entry instead.
     *
     * @param consentGrantedAt when the consent the registration carries was given, if it carries one
     * @throws CommandRejectedException {@code SUPPRESSED}, naming the field, never its value
     */
    public void admit(ContactDetails details, Optional<Instant> consentGrantedAt) {
        if (!properties.enabled()) {
            return;
        }
        Instant now = clock.instant();
        check("email", "payload.email", details.email() == null ? null : blindIndex.email(details.email()),
                consentGrantedAt, now);
        check("phone", "payload.phone", details.phone() == null ? null : blindIndex.phone(details.phone()),
                consentGrantedAt, now);
    }

    private void check(String kind, String field, byte[] matchDigest, Optional<Instant> consentGrantedAt,
                       Instant now) {
        if (matchDigest == null || !properties.covers(kind)) {
            return;
        }
        byte[] digest = blindIndex.suppression(kind, matchDigest);
        Optional<Instant> suppressedAt = list.suppressedAt(kind, digest, now);
        if (suppressedAt.isEmpty()) {
            return;
        }
        if (consentGrantedAt.isPresent() && consentGrantedAt.get().isAfter(suppressedAt.get())) {
            list.remove(kind, digest);
            meters.counter("lethe.suppression.entries", "action", "lifted").increment();
            return;
        }
        throw new CommandRejectedException(Rejection.SUPPRESSED, field, field + " belongs to an erased person "
                + "who is on the suppression list; register again only with consent given after the erasure "
                + "(payload.consent)");
    }
}
