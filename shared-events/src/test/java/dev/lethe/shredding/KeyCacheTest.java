package dev.lethe.shredding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KeyCacheTest {

    private final AtomicLong now = new AtomicLong();
    private final KeyCache cache = new KeyCache(Duration.ofMinutes(5), Duration.ofMinutes(15), 3, now::get);

    private static DataKey key(String subject) {
        return new DataKey(subject, "k-" + subject, AesGcm.newKey());
    }

    @Test
    void servesUntilTheTtlEnds() {
        DataKey key = key("s");
        cache.put(key);

        now.addAndGet(Duration.ofMinutes(5).toNanos() - 1);
        assertThat(cache.get("s")).isSameAs(key);
        now.incrementAndGet();
        assertThat(cache.get("s")).isNull();
    }

    @Test
    void aNewPutStartsTheTtlAgain() {
        cache.put(key("s"));
        now.addAndGet(Duration.ofMinutes(4).toNanos());
        DataKey again = key("s");

        cache.put(again);
        now.addAndGet(Duration.ofMinutes(4).toNanos());

        assertThat(cache.get("s")).isSameAs(again);
    }

    @Test
    void staysBounded() {
        for (int i = 0; i < 10; i++) {
            cache.put(key("s" + i));
        }

        assertThat(cache.size()).isEqualTo(3);
    }

    @Test
    void aDestroyedSubjectIsNotCachedAgainWhileItsTransactionMayBeOpen() {
        cache.put(key("s"));

        cache.destroyed("s");
        assertThat(cache.get("s")).isNull();
        // a reader that read the vault before the destroy committed
        cache.put(key("s"));
        assertThat(cache.get("s")).isNull();

        now.addAndGet(Duration.ofMinutes(15).toNanos() - 1);
        cache.put(key("s"));
        assertThat(cache.get("s")).isNull();
        now.incrementAndGet();
        cache.put(key("s"));
        assertThat(cache.get("s")).isNotNull();
    }

    @Test
    void evictDropsTheEntry() {
        cache.put(key("s"));

        cache.evict("s");

        assertThat(cache.get("s")).isNull();
    }

    @Test
    void clearDropsEveryKeyButKeepsTheGuards() {
        cache.put(key("a"));
        cache.put(key("b"));
        cache.destroyed("c");

        cache.clear();
        cache.put(key("c"));

        assertThat(cache.get("a")).isNull();
        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("c")).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void aZeroTtlOrSizeCachesNothing() {
        KeyCache noTtl = new KeyCache(Duration.ZERO, Duration.ofMinutes(15), 3, now::get);
        KeyCache noRoom = new KeyCache(Duration.ofMinutes(5), Duration.ofMinutes(15), 0, now::get);

        noTtl.put(key("s"));
        noRoom.put(key("s"));

        assertThat(noTtl.get("s")).isNull();
        assertThat(noRoom.get("s")).isNull();
    }

    @Test
    void refusesNegativeLimits() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new KeyCache(Duration.ofMinutes(-1), Duration.ofMinutes(15), 3, now::get));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new KeyCache(Duration.ofMinutes(5), Duration.ofMinutes(15), -1, now::get));
    }
}
