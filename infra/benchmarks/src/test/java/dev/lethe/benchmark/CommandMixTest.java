package dev.lethe.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandMixTest {

    @Test
    void drawsTheIssuesMixOfRegistrationsUpdatesConsentsAndErasures() {
        CommandMix mix = new CommandMix(7);
        Map<CommandMix.Kind, Integer> counts = new EnumMap<>(CommandMix.Kind.class);
        int draws = 100_000;
        for (int i = 0; i < draws; i++) {
            counts.merge(mix.next(), 1, Integer::sum);
        }
        assertThat(counts.get(CommandMix.Kind.REGISTER) / (double) draws).isCloseTo(0.60, within(0.01));
        assertThat(counts.get(CommandMix.Kind.UPDATE) / (double) draws).isCloseTo(0.30, within(0.01));
        assertThat(counts.get(CommandMix.Kind.CONSENT) / (double) draws).isCloseTo(0.08, within(0.005));
        assertThat(counts.get(CommandMix.Kind.ERASE) / (double) draws).isCloseTo(0.02, within(0.003));
    }

    @Test
    void sameSeedDrawsTheSameSequenceSoModesAndRoundsAreComparable() {
        CommandMix first = new CommandMix(42);
        CommandMix second = new CommandMix(42);
        for (int i = 0; i < 1_000; i++) {
            assertThat(first.next()).isEqualTo(second.next());
        }
    }
}
