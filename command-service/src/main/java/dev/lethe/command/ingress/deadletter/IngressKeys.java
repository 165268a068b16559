package dev.lethe.command.ingress.deadletter;

import dev.lethe.shredding.DataKey;
import dev.lethe.shredding.KeyVault;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The keys dead letters are sealed with: one data key per UTC day, of the pseudo-subject
 * {@code lethe:ingress:<yyyy-mm-dd>}, kept in the key vault like a person's key, so wrapped by the current
 * key-encryption key and re-wrapped by a rotation. A day's key is destroyed once that day's dead letters are past the
 * topic's retention ({@link IngressKeyRetirement}); copies of the sealed records, and of the wrapped key, are noise
 * from then on (and for good once the KEK that wrapped it is destroyed too).
 */
@Component
public class IngressKeys {

    public static final String SUBJECT_PREFIX = "lethe:ingress:";

    private final KeyVault vault;
    private final Clock clock = Clock.systemUTC();

    IngressKeys(KeyVault vault) {
        this.vault = vault;
    }

    /** Today's key, created on first use. */
    public DataKey current() {
        return vault.dataKeyFor(subjectFor(LocalDate.now(clock)));
    }

    /** The key of a day that may still exist; empty once destroyed, or for a subject that is no ingress key. */
    public Optional<DataKey> existing(String subject) {
        return day(subject).flatMap(day -> vault.existingDataKey(subjectFor(day)));
    }

    static String subjectFor(LocalDate day) {
        return SUBJECT_PREFIX + day;
    }

    /** The day of an ingress key's subject; empty for anything else. */
    static Optional<LocalDate> day(String subject) {
        if (subject == null || !subject.startsWith(SUBJECT_PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(subject.substring(SUBJECT_PREFIX.length())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
