package dev.lethe.shredding;

import java.sql.Connection;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
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
     * The keys of these subjects, created where missing, before a batch encrypts their events: a vault may read
     * and create them with one statement each instead of a round trip per subject. Joins the caller's transaction
     * like {@link #dataKeyFor}. An erased subject is absent from the answer (its {@link #dataKeyFor} throws).
     */
    default Map<String, DataKey> dataKeysFor(Collection<String> subjectIds) {
        Map<String, DataKey> keys = new LinkedHashMap<>();
        for (String subjectId : new LinkedHashSet<>(subjectIds)) {
            try {
                keys.put(subjectId, dataKeyFor(subjectId));
            } catch (SubjectErasedException erased) {
                // absent: the caller's own use of the key reports it
            }
        }
        return keys;
    }

    /**
     * The keys of these subjects that exist, for a poll of events about to be decrypted: a vault may read them
     * with one statement. Never creates one; an erased or unknown subject is absent from the answer.
     */
    default Map<String, DataKey> existingDataKeys(Collection<String> subjectIds) {
        Map<String, DataKey> keys = new LinkedHashMap<>();
        for (String subjectId : new LinkedHashSet<>(subjectIds)) {
            existingDataKey(subjectId).ifPresent(key -> keys.put(subjectId, key));
        }
        return keys;
    }

    /**
     * Destroys the subject's key within the caller's transaction, so that the destruction commits or rolls
     * back together with whatever else the caller writes (the {@code CustomerErased} event). Records the
     * erasure, and stops serving the key from this JVM's cache. Idempotent.
     */
    void destroy(String subjectId, Connection transaction);

    /** Drops the subject's key from this JVM's cache; the next use reads the vault again. */
    void evict(String subjectId);

    /**
     * Another JVM erased the subject (this one saw its {@code CustomerErased}): drops the key from this JVM's
     * cache and keeps it out, so that a read that fetched the key just before the erasure committed cannot
     * cache it again. Unlike {@link #evict}, safe against that race.
     */
    void erasedElsewhere(String subjectId);

    /**
     * Drops every key from this JVM's cache, for when it may have missed erasures made elsewhere (the
     * {@link ErasureListener} lost its connection). The next use of each key reads the vault again.
     */
    void evictAll();

    /**
     * A rotation: makes the given key-encryption key current (new data keys are wrapped with it from now on)
     * and re-wraps every stored data key under it, in batches; no event is touched, key ids do not change.
     * Idempotent and resumable: keys already under it are skipped.
     *
     * @return the number of keys re-wrapped by this call
     * @throws KeyVaultException if the key-encryption key is not configured
     */
    int rewrap(String newKekId);

    /**
     * Wraps new data keys with this key-encryption key from now on, without re-wrapping stored ones: another
     * instance rotated the epoch (see {@link #rewrap} for a rotation by this one).
     *
     * @throws KeyVaultException if the key-encryption key does not exist
     */
    default void useCurrentKek(String kekId) {
        throw new UnsupportedOperationException("this key vault has a fixed key-encryption key");
    }

    /** The id of the key-encryption key new data keys are wrapped with. */
    String currentKekId();

    /** How many stored data keys each key-encryption key wraps, by id: a KEK with none left can be retired. */
    Map<String, Long> keysByKek();
}
