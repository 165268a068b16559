package dev.lethe.command.suppression;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.contract.customer.ContactDetails;
import dev.lethe.shredding.BlindIndex;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The list is opt-in: switched off (the default), erasure keeps nothing and registration checks nothing. */
class SuppressionDisabledTest {

    private static final BlindIndex BLIND_INDEX = BlindIndex.fromBase64(Base64.getEncoder().encodeToString(new byte[32]));

    @Test
    void switchedOffItTouchesNoTable() {
        // no table access at all: the list and the identity records are absent, and would fail if used
        Suppression off = new Suppression(new SuppressionProperties(false, Set.of(SuppressionProperties.Field.email,
                SuppressionProperties.Field.phone), Duration.ofDays(1095)), null, null, BLIND_INDEX,
                Clock.systemUTC(), new SimpleMeterRegistry());

        assertThatCode(() -> off.erased(List.of("c-1"))).doesNotThrowAnyException();
        assertThatCode(() -> off.admit(new ContactDetails("Erika", "erika@example.org", "+49301234567", null, null),
                Optional.empty())).doesNotThrowAnyException();
    }

    @Test
    void aRetentionThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> new SuppressionProperties(true, Set.of(SuppressionProperties.Field.email),
                Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lethe.suppression.retention");
    }
}
