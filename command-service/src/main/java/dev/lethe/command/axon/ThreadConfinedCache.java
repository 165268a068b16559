package dev.lethe.command.axon;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The aggregate cache, one per thread, and checked against the store on every hit.
 *
 * <p>One per thread: the ingress decides a batch of commands in one database transaction, and Axon caches an
 * aggregate when its unit of work ends, before that transaction commits. A cache shared between threads would
 * hand those uncommitted states to another consumer thread (a merge or a registration linked across partitions
 * reaches customers of other partitions), which would append after events that may still roll back. Confined to
 * its thread, a cached state is either committed or the thread's own batch, which the ingress evicts when the
 * batch rolls back.
 *
 * <p>Checked on every hit: another thread, or another instance of the service, may have appended to the
 * aggregate since this thread cached it. A stale state that appends is caught by the unique (aggregate, sequence)
 * index, but a stale state that rejects (say, "not merged" after a merge elsewhere) appends nothing and would
 * answer wrongly. So a hit costs one indexed query for the aggregate's last sequence number, in the caller's
 * transaction, instead of a snapshot and up to a hundred events decrypted and replayed; a mismatch is a miss.
 */
final class ThreadConfinedCache implements Cache {

    private final JdbcTemplate jdbc;
    private final int capacityPerThread;

    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Cache> caches = ThreadLocal.withInitial(this::newCache);

    /** @param capacityPerThread how many aggregates each thread keeps, the most recently used ones */
    ThreadConfinedCache(JdbcTemplate jdbc, int capacityPerThread) {
        this.jdbc = jdbc;
        this.capacityPerThread = capacityPerThread;
    }

    private Cache newCache() {
        return new RecentAggregates(capacityPerThread, listeners);
    }

    @Override
    public <K, V> V get(K key) {
        Cache cache = caches.get();
        V value = cache.get(key);
        if (value != null && !current(key, value)) {
            cache.remove(key);
            return null;
        }
        return value;
    }

    private boolean current(Object aggregateId, Object entry) {
        if (!(entry instanceof AggregateCacheEntry<?> cached)) {
            return false;
        }
        Long stored = jdbc.queryForObject("SELECT max(sequenceNumber) FROM event_store.domain_event_entry "
                + "WHERE aggregateIdentifier = ?", Long.class, aggregateId.toString());
        return Objects.equals(versionOf(cached), stored);
    }

    /**
     * The version of the aggregate the entry was made from. An entry that was never serialized (none here: this
     * cache holds live objects) hands back that very aggregate and needs none of what rebuilding one would take.
     */
    private static Long versionOf(AggregateCacheEntry<?> entry) {
        return entry.recreateAggregate(null, null, null).version();
    }

    @Override
    public void put(Object key, Object value) {
        caches.get().put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return caches.get().putIfAbsent(key, value);
    }

    @Override
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return caches.get().computeIfAbsent(key, valueSupplier);
    }

    @Override
    public boolean remove(Object key) {
        return caches.get().remove(key);
    }

    /** Empties this thread's cache only: the states a rolled-back batch of this thread may have left. */
    @Override
    public void removeAll() {
        caches.get().removeAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        caches.get().computeIfPresent(key, update);
    }

    /** For caches created from now on; Axon registers its listeners at start-up, before any command. */
    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
