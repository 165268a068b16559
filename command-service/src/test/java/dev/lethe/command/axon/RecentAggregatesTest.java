package dev.lethe.command.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;

class RecentAggregatesTest {

    @Test
    void keepsTheMostRecentlyUsedUpToItsBoundAndDropsTheLeastRecentlyUsed() {
        List<Object> expired = new ArrayList<>();
        RecentAggregates cache = new RecentAggregates(2, List.of(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryExpired(Object key) {
                expired.add(key);
            }
        }));
        cache.put("a", "state of a");
        cache.put("b", "state of b");
        assertThat((Object) cache.get("a")).isEqualTo("state of a");

        cache.put("c", "state of c");

        assertThat(cache.containsKey("b")).as("least recently used").isFalse();
        assertThat(expired).containsExactly("b");
        assertThat(cache.containsKey("a")).isTrue();
        assertThat(cache.containsKey("c")).isTrue();
    }

    @Test
    void anEntryNobodyElseHoldsSurvivesGarbageCollection() {
        RecentAggregates cache = new RecentAggregates(10, List.of());
        cache.put("a", new StringBuilder("state of a"));

        System.gc();

        assertThat((Object) cache.get("a")).as("held strongly, unlike Axon's WeakReferenceCache").isNotNull();
    }

    @Test
    void removeAllEmptiesItForARolledBackBatch() {
        RecentAggregates cache = new RecentAggregates(10, List.of());
        cache.put("a", "state of a");
        cache.computeIfAbsent("b", () -> "state of b");

        cache.removeAll();

        assertThat(cache.containsKey("a")).isFalse();
        assertThat(cache.containsKey("b")).isFalse();
    }
}
