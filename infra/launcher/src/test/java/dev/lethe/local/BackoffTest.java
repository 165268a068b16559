package dev.lethe.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromOneSecondUpToThirtyWhileThePartKeepsFailing() {
        Backoff backoff = new Backoff();
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            waits.add(backoff.after(Duration.ofSeconds(3)).toSeconds());
        }

        assertThat(waits).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
    }

    @Test
    void startsOverAfterAStableMinute() {
        Backoff backoff = new Backoff();
        backoff.after(Duration.ZERO);
        backoff.after(Duration.ZERO);
        backoff.after(Duration.ZERO);

        assertThat(backoff.after(Duration.ofSeconds(59))).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.after(Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.after(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(2));
    }
}
