package dev.lethe.command.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.command.ingress.PolicyProperties;
import dev.lethe.command.ingress.PolicyProperties.PurposeRule;
import dev.lethe.command.retention.RetentionProperties.PurposeRetention;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A retention rule that names an unknown purpose would keep data forever unnoticed: start-up fails instead. */
class RetentionRulesTest {

    private static final PolicyProperties POLICY = new PolicyProperties(
            Map.of("lead", new PurposeRule(Set.of("name")), "order-fulfilment", new PurposeRule(Set.of("name"))),
            Map.of());

    @Test
    void aRuleForAnUnknownPurposeIsRefusedNamingTheKey() {
        RetentionProperties typo = retention(Map.of("leads", new PurposeRetention(Duration.ofDays(180), Set.of())));

        assertThatThrownBy(() -> new RetentionRules(typo, POLICY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lethe.retention.purposes.leads: 'leads' is not a purpose of lethe.policy.purposes");
    }

    @Test
    void anUnknownUnlessPurposeIsRefusedNamingTheKey() {
        RetentionProperties typo = retention(Map.of("lead",
                new PurposeRetention(Duration.ofDays(180), Set.of("order"))));

        assertThatThrownBy(() -> new RetentionRules(typo, POLICY))
                .hasMessageContaining("lethe.retention.purposes.lead.unless-purposes: 'order' is not a purpose");
    }

    @Test
    void aZeroPeriodIsRefused() {
        RetentionProperties zero = retention(Map.of("lead", new PurposeRetention(Duration.ZERO, Set.of())));

        assertThatThrownBy(() -> new RetentionRules(zero, POLICY))
                .hasMessageContaining("lethe.retention.purposes.lead.erase-after-inactivity must be positive");
    }

    @Test
    void validRulesAreKept() {
        RetentionRules rules = new RetentionRules(retention(Map.of("lead",
                new PurposeRetention(Duration.ofDays(180), Set.of("order-fulfilment")))), POLICY);

        assertThat(rules.inactivity()).containsOnlyKeys("lead");
        assertThat(rules.consentWithdrawnGrace()).isEmpty();
    }

    private static RetentionProperties retention(Map<String, PurposeRetention> purposes) {
        return new RetentionProperties(purposes, null, Duration.ofHours(1), true);
    }
}
