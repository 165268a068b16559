package dev.lethe.command.suppression;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The suppression list (docs/suppression.md). Opt-in: keeping anything about an erased person needs a
 * documented legitimate interest, which only the controller can decide.
 *
 * @param enabled   whether an erasure puts the person's emails and phones on the list and registrations are
 *                  checked against it (default {@code false})
 * @param fields    which contact fields are suppressed: {@code email}, {@code phone} (default both)
 * @param retention how long an entry blocks re-registration after the erasure (default {@code P1095D}, three
 *                  years, the regular limitation period of German civil law, § 195 BGB); expired entries are
 *                  deleted at the next erasure or registration that meets them
 */
@Validated
@ConfigurationProperties("lethe.suppression")
record SuppressionProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue({"email", "phone"}) @NotEmpty Set<Field> fields,
        @DefaultValue("P1095D") @NotNull Duration retention) {

    public enum Field { email, phone }

    public SuppressionProperties {
        if (retention != null && (retention.isNegative() || retention.isZero())) {
            throw new IllegalArgumentException("lethe.suppression.retention must be positive");
        }
    }

    boolean covers(String kind) {
        return fields.stream().anyMatch(field -> field.name().equals(kind));
    }
}
