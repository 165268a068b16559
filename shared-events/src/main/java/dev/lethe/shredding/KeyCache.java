package dev.lethe.shredding;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * Short-lived, bounded cache of unwrapped data keys. The TTL bounds how long another JVM may keep using a
 * key after it was destroyed elsewhere; within this JVM a destroyed key is never served.
 *
 * <p>A destroy runs in the caller's transaction, so until it commits other connections still read the key.
 * Subjects destroyed here are therefore not cached again for {@code destroyGuard}: reads go to the vault,
 * which answers correctly once the transaction has committed or rolled back.
 */
final class KeyCache {

    private final Cache<String, DataKey> entries;
    // Unbounded on purpose: a guard dropped early would reopen the race it closes; each one expires on its own.
    private final Cache<String, Boolean> destroyed;
    private final boolean enabled;

    KeyCache(Duration ttl, Duration destroyGuard, int maxEntries, Ticker ticker) {
        if (ttl.isNegative() || destroyGuard.isNegative() || maxEntries < 0) {
            throw new IllegalArgumentException("cache TTL, destroy guard and size must not be negative");
        }
        this.enabled = !ttl.isZero() && maxEntries > 0;
        // Maintenance (expiry, eviction) on the calling thread: amortised by Caffeine, and no keys handed to a
        // shared pool's threads.
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfterWrite(ttl)
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
        this.destroyed = Caffeine.newBuilder()
                .expireAfterWrite(destroyGuard)
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    DataKey get(String subjectId) {
        return entries.getIfPresent(subjectId);
    }

    void put(DataKey key) {
        if (!enabled) {
            return;
        }
        // compute() is atomic with destroyed()'s removal of the same key: either this sees the guard, or the
        // removal there sees this entry.
        entries.asMap().compute(key.subjectId(),
                (id, existing) -> destroyed.getIfPresent(id) != null ? null : key);
    }

    /** Call after the destroying statement ran: from then on the vault itself answers for this subject. */
    void destroyed(String subjectId) {
        destroyed.put(subjectId, Boolean.TRUE);
        entries.invalidate(subjectId);
    }

    void evict(String subjectId) {
        entries.invalidate(subjectId);
    }

    /** Drops every key (guards stay): for when this JVM may have missed erasures made elsewhere. */
    void clear() {
        entries.invalidateAll();
    }

    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }
}
