package dev.lethe.command.retention;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long personal data may be kept ("no old data", GDPR Art. 5(1)(e)). Checked against {@code lethe.policy}
 * at start-up by {@link RetentionRules}: a rule for an unknown purpose stops the service.
 *
 * @param purposes              per purpose, when a person held for it is erased for inactivity. No default: a
 *                              purpose without a rule is never erased for inactivity.
 * @param consentWithdrawnGrace erase a person this long after a withdrawal of consent left no purpose to hold
 *                              their data for; unset = never (default unset)
 * @param sweepInterval         time between two scheduled sweeps, and before the first (default 1 hour)
 * @param scheduled             run sweeps on the schedule; off leaves only the operator endpoint (default true)
 */
@Validated
@ConfigurationProperties("lethe.retention")
public record RetentionProperties(
        @NotNull @Valid Map<String, PurposeRetention> purposes,
        Duration consentWithdrawnGrace,
        @DefaultValue("PT1H") @NotNull Duration sweepInterval,
        @DefaultValue("true") boolean scheduled) {

    public RetentionProperties {
        purposes = purposes == null ? Map.of() : Map.copyOf(purposes);
    }

    /**
     * @param eraseAfterInactivity erase when nothing happened to the person for this long (e.g. {@code P180D})
     * @param unlessPurposes       ...unless they are also held for one of these purposes, e.g. a lead that became
     *                             a customer ({@code order-fulfilment}); default none
     */
    public record PurposeRetention(@NotNull Duration eraseAfterInactivity, Set<String> unlessPurposes) {
        public PurposeRetention {
            unlessPurposes = unlessPurposes == null ? Set.of() : Set.copyOf(unlessPurposes);
        }
    }
}
