package dev.lethe.shredding;

import java.sql.Connection;
import java.util.Optional;

/**
 * Holds one data-encryption key per data subject. Destroying it is what erases the person: every ciphertext
 * made with it becomes unreadable, wherever it was copied.
 */
public interface KeyVault {

    /**
     * The subject's key, created on first use (in its own short transaction, so it exists before any event
     * that uses it is stored).
     *
     * @throws SubjectErasedException if the subject's key was destroyed
     */
    DataKey dataKeyFor(String subjectId);

    /** The subject's key if it exists; empty when it never existed or was destroyed. Never creates one. */
    Optional<DataKey> existingDataKey(String subjectId);

    /**
     * Destroys the subject's key within the caller's transaction, so that the destruction commits or rolls
     * back together with whatever else the caller writes (the {@code CustomerErased} event). Records the
     * erasure, and stops serving the key from this JVM's cache. Idempotent.
     */
    void destroy(String subjectId, Connection transaction);

    /** Drops the subject's key from this JVM's cache; the next use reads the vault again. */
    void evict(String subjectId);

    /**
     * Re-wraps every stored data key under the given key-encryption key; no event is touched.
     *
     * @return the number of keys re-wrapped
     */
    int rewrap(String newKekId);
}
