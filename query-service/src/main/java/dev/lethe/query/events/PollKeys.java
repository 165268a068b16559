package dev.lethe.query.events;

import dev.lethe.shredding.DataKey;
import dev.lethe.shredding.KeyVault;
import java.sql.Connection;
import java.util.Map;
import java.util.Optional;

/**
 * The data keys read once for a poll ({@link KeyVault#existingDataKeys}), as the vault its decryption asks, so that
 * decrypting the poll's events asks the database nothing more. Read-only: it answers only what exists.
 */
final class PollKeys implements KeyVault {

    private final Map<String, DataKey> keys;

    PollKeys(Map<String, DataKey> keys) {
        this.keys = Map.copyOf(keys);
    }

    @Override
    public Optional<DataKey> existingDataKey(String subjectId) {
        return Optional.ofNullable(keys.get(subjectId));
    }

    @Override
    public DataKey dataKeyFor(String subjectId) {
        throw readOnly();
    }

    @Override
    public void destroy(String subjectId, Connection transaction) {
        throw readOnly();
    }

    @Override
    public void evict(String subjectId) {
        throw readOnly();
    }

    @Override
    public void erasedElsewhere(String subjectId) {
        throw readOnly();
    }

    @Override
    public void evictAll() {
        throw readOnly();
    }

    @Override
    public int rewrap(String newKekId) {
        throw readOnly();
    }

    @Override
    public String currentKekId() {
        throw readOnly();
    }

    @Override
    public Map<String, Long> keysByKek() {
        throw readOnly();
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("the keys of a poll are read-only");
    }
}
