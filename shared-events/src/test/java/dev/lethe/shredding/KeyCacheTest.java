package dev.lethe.shredding;

import static org.assertj.core.api.Assertions.assertThat;

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
    void staysBounded() {
        for (int i = 0; i < 10; i++) {
            cache.put(key("s" + i));
        }

        assertThat(cache.size()).isLessThanOrEqualTo(3);
    }

    @Test
    void aFullCacheMakesRoomForTheNextPutsAtOnceInsteadOfScanningOnEachPut() {
        KeyCache large = new KeyCache(Duration.ofMinutes(5), Duration.ofMinutes(15), 100, now::get);
        for (int i = 0; i <= 100; i++) {
            large.put(key("s" + i));
        }
        assertThat(large.size()).isEqualTo(90);

        for (int i = 0; i < 10; i++) {
            large.put(key("t" + i));
        }
        assertThat(large.size()).isEqualTo(100);
        assertThat(large.get("t9")).isNotNull();
    }

    @Test
    void aDestroyedSubjectIsNotCachedAgainWhileItsTransactionMayBeOpen() {
        cache.put(key("s"));

        cache.destroyed("s");
        assertThat(cache.get("s")).isNull();
        // a reader that read the vault before the destroy committed
        cache.put(key("s"));
        assertThat(cache.get("s")).isNull();

        now.addAndGet(Duration.ofMinutes(15).toNanos());
        cache.put(key("s"));
        assertThat(cache.get("s")).isNotNull();
    }

    @Test
    void evictDropsTheEntry() {
        cache.put(key("s"));

        cache.evict("s");

        assertThat(cache.get("s")).isNull();
    }
}
