package dev.lethe.command.retention;

import dev.lethe.command.ingress.PolicyProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * The retention configuration, checked against the purpose policy when the service starts: a rule that names a
 * purpose the policy does not know is a typo that would silently keep data forever, so the service refuses to
 * start and says which key is wrong.
 */
@Component
public class RetentionRules {

    private final Map<String, RetentionProperties.PurposeRetention> purposes;
    private final Duration consentWithdrawnGrace;

    public RetentionRules(RetentionProperties retention, PolicyProperties policy) {
        List<String> problems = new ArrayList<>();
        retention.purposes().forEach((purpose, rule) -> {
            if (!policy.purposes().containsKey(purpose)) {
                problems.add("lethe.retention.purposes." + purpose + ": '" + purpose
                        + "' is not a purpose of lethe.policy.purposes " + policy.purposes().keySet());
            }
            if (rule.eraseAfterInactivity().isNegative() || rule.eraseAfterInactivity().isZero()) {
                problems.add("lethe.retention.purposes." + purpose + ".erase-after-inactivity must be positive");
            }
            for (String unless : rule.unlessPurposes()) {
                if (!policy.purposes().containsKey(unless)) {
                    problems.add("lethe.retention.purposes." + purpose + ".unless-purposes: '" + unless
                            + "' is not a purpose of lethe.policy.purposes " + policy.purposes().keySet());
                }
            }
        });
        if (retention.consentWithdrawnGrace() != null && retention.consentWithdrawnGrace().isNegative()) {
            problems.add("lethe.retention.consent-withdrawn-grace must not be negative");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid retention configuration: " + String.join("; ", problems));
        }
        this.purposes = new TreeMap<>(retention.purposes());
        this.consentWithdrawnGrace = retention.consentWithdrawnGrace();
    }

    /** Inactivity rules by purpose, in a stable order. */
    public Map<String, RetentionProperties.PurposeRetention> inactivity() {
        return purposes;
    }

    public Optional<Duration> consentWithdrawnGrace() {
        return Optional.ofNullable(consentWithdrawnGrace);
    }
}
