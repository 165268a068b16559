package dev.lethe.shredding;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Short-lived, bounded cache of unwrapped data keys. The TTL bounds how long another JVM may keep using a
 * key after it was destroyed elsewhere; within this JVM a destroyed key is never served.
 *
 * <p>A destroy runs in the caller's transaction, so until it commits other connections still read the key.
 * Subjects destroyed here are therefore not cached again for {@code destroyGuard}: reads go to the vault,
 * which answers correctly once the transaction has committed or rolled back.
 */
final class KeyCache {

    private record Entry(DataKey key, long expiresAt) {
    }

    private static final int MIN_GUARD_SCAN = 1_000;

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> destroyedUntil = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final long destroyGuardNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;
    private volatile int guardScanAt;

    KeyCache(Duration ttl, Duration destroyGuard, int maxEntries, LongSupplier nanoTime) {
        if (ttl.isNegative() || destroyGuard.isNegative() || maxEntries < 0) {
            throw new IllegalArgumentException("cache TTL, destroy guard and size must not be negative");
        }
        this.ttlNanos = ttl.toNanos();
        this.destroyGuardNanos = destroyGuard.toNanos();
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
        this.guardScanAt = Math.max(maxEntries, MIN_GUARD_SCAN);
    }

    DataKey get(String subjectId) {
        Entry entry = entries.get(subjectId);
        if (entry == null) {
            return null;
        }
        if (nanoTime.getAsLong() - entry.expiresAt >= 0) {
            entries.remove(subjectId, entry);
            return null;
        }
        return entry.key;
    }

    void put(DataKey key) {
        if (ttlNanos == 0 || maxEntries == 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        Entry entry = new Entry(key, now + ttlNanos);
        // compute() is atomic with destroyed()'s remove() on the same key: either this sees the guard, or
        // the remove there sees this entry.
        entries.compute(key.subjectId(), (id, existing) -> isGuarded(id, now) ? null : entry);
        trim(now);
    }

    /** Call after the destroying statement ran: from then on the vault itself answers for this subject. */
    void destroyed(String subjectId) {
        long now = nanoTime.getAsLong();
        destroyedUntil.put(subjectId, now + destroyGuardNanos);
        entries.remove(subjectId);
        trim(now);
    }

    void evict(String subjectId) {
        entries.remove(subjectId);
    }

    /** Drops every key (guards stay): for when this JVM may have missed erasures made elsewhere. */
    void clear() {
        entries.clear();
    }

    int size() {
        return entries.size();
    }

    private boolean isGuarded(String subjectId, long now) {
        Long until = destroyedUntil.get(subjectId);
        if (until == null) {
            return false;
        }
        if (now - until >= 0) {
            destroyedUntil.remove(subjectId, until);
            return false;
        }
        return true;
    }

    /**
     * Scans only now and then: a full cache used to be scanned on every put (10,000 entries for each new person, a
     * third of the command service's CPU under load). Live keys are dropped down to 90 % of the bound, and guards
     * are scanned again only once their number has doubled, so a scan's cost is spread over many puts.
     */
    private void trim(long now) {
        // Guards are never dropped early (that would reopen the race they close), only once expired.
        if (destroyedUntil.size() > guardScanAt) {
            destroyedUntil.values().removeIf(until -> now - until >= 0);
            guardScanAt = Math.max(2 * destroyedUntil.size(), Math.max(maxEntries, MIN_GUARD_SCAN));
        }
        if (entries.size() <= maxEntries) {
            return;
        }
        entries.values().removeIf(e -> now - e.expiresAt >= 0);
        // Still full of live keys: drop arbitrary ones; a miss only costs one vault read.
        int target = maxEntries - maxEntries / 10;
        Iterator<String> ids = entries.keySet().iterator();
        while (entries.size() > target && ids.hasNext()) {
            ids.next();
            ids.remove();
        }
    }
}
