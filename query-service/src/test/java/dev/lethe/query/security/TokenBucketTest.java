package dev.lethe.query.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bucket's arithmetic with a clock the test controls. */
class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstIsAllowedThenRefusedUntilRefilled() {
        RateLimitFilter.Bucket bucket = new RateLimitFilter.Bucket(3, 0);
        assertThat(bucket.take(0, 2, 3)).isZero();
        assertThat(bucket.take(0, 2, 3)).isZero();
        assertThat(bucket.take(0, 2, 3)).isZero();
        long wait = bucket.take(0, 2, 3);
        assertThat(wait).isEqualTo(SECOND / 2);
        assertThat(bucket.take(SECOND / 2, 2, 3)).isZero();
        assertThat(bucket.take(SECOND / 2, 2, 3)).isPositive();
    }

    @Test
    void refillNeverExceedsTheBurst() {
        RateLimitFilter.Bucket bucket = new RateLimitFilter.Bucket(2, 0);
        long hourLater = 3600 * SECOND;
        assertThat(bucket.take(hourLater, 2, 2)).isZero();
        assertThat(bucket.take(hourLater, 2, 2)).isZero();
        assertThat(bucket.take(hourLater, 2, 2)).isPositive();
    }
}
