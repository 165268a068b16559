package dev.lethe.command.config;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;

/**
 * The aggregate cache, one per thread. The ingress decides a batch of commands in one database transaction,
 * and Axon caches an aggregate when its unit of work ends, before that transaction commits. A cache shared
 * between threads would hand those uncommitted states to another consumer thread (a merge or a registration
 * linked across partitions reaches customers of other partitions), which would append after events that may
 * still roll back. Confined to its thread, a cached state is either committed or the thread's own batch, which
 * the ingress evicts when the batch rolls back. Another thread loads from the store and meets a pending append
 * at the unique (aggregate, sequence) index, as a second service instance would; the command is then retried.
 */
final class ThreadConfinedCache implements Cache {

    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Cache> caches = ThreadLocal.withInitial(this::newCache);

    private Cache newCache() {
        Cache cache = new WeakReferenceCache();
        listeners.forEach(cache::registerCacheEntryListener);
        return cache;
    }

    @Override
    public <K, V> V get(K key) {
        return caches.get().get(key);
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
        return caches.get().containsKey(key);
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
