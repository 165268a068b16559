package dev.lethe.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesAreNearestRankInMilliseconds() {
        Latencies latencies = new Latencies();
        for (int millis = 1; millis <= 100; millis++) {
            latencies.addNanos(millis * 1_000_000L);
        }
        assertThat(latencies.percentile(50)).isEqualTo(50.0);
        assertThat(latencies.percentile(99)).isEqualTo(99.0);
        assertThat(latencies.max()).isEqualTo(100.0);
    }

    @Test
    void withoutSamplesAFigureIsMissingRatherThanFast() {
        assertThat(new Latencies().percentile(99)).isNaN();
    }
}
