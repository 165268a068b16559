package dev.lethe.shredding;

import java.sql.Connection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link KeyVault} in memory, for tests that need crypto-shredding without PostgreSQL (shipped in the
 * test-jar). {@code destroy} ignores the connection: it takes effect at once and cannot roll back.
 */
public final class InMemoryKeyVault implements KeyVault {

    private final ConcurrentHashMap<String, DataKey> keys = new ConcurrentHashMap<>();
    private final Set<String> destroyed = ConcurrentHashMap.newKeySet();

    @Override
    public DataKey dataKeyFor(String subjectId) {
        if (destroyed.contains(subjectId)) {
            throw new SubjectErasedException(subjectId);
        }
        return keys.computeIfAbsent(subjectId,
                id -> new DataKey(id, UUID.randomUUID().toString(), AesGcm.newKey()));
    }

    /** Makes {@code key} its subject's key, e.g. a fixed one for a test that pins ciphertexts. */
    public void put(DataKey key) {
        keys.put(key.subjectId(), key);
    }

    @Override
    public Optional<DataKey> existingDataKey(String subjectId) {
        return Optional.ofNullable(keys.get(subjectId));
    }

    @Override
    public void destroy(String subjectId, Connection transaction) {
        destroyed.add(subjectId);
        keys.remove(subjectId);
    }

    /** Same as {@link #destroy} without a connection. */
    public void destroy(String subjectId) {
        destroy(subjectId, null);
    }

    @Override
    public void evict(String subjectId) {
        // nothing cached: the map is the vault
    }

    @Override
    public void evictAll() {
        // nothing cached: the map is the vault
    }

    @Override
    public void erasedElsewhere(String subjectId) {
        // nothing cached: the map is the vault
    }

    @Override
    public int rewrap(String newKekId) {
        return 0;
    }

    /** Keys in memory are not wrapped: there is no key-encryption key. */
    @Override
    public String currentKekId() {
        return "in-memory";
    }

    @Override
    public Map<String, Long> keysByKek() {
        return Map.of(currentKekId(), (long) keys.size());
    }
}
