package dev.lethe.shredding;

import dev.lethe.shredding.kek.ConfiguredKeks;
import dev.lethe.shredding.kek.KekBackend;
import dev.lethe.shredding.kek.KekIds;
import dev.lethe.shredding.kek.UnknownKekException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.AEADBadTagException;

/**
 * The key-encryption keys (KEKs, AES-256) that wrap data keys, by id, and the id new data keys are wrapped
 * with. The KEKs live in a {@link KekBackend} (a keyring file, a PKCS#11 token, or configuration), never in the
 * database that holds the wrapped keys. Several ids coexist during a rotation: old ones unwrap until
 * {@link KeyVault#rewrap} has run, and until their epoch ends and they are destroyed.
 */
public final class KeyEncryptionKeys {

    private final String currentId;
    private final KekBackend backend;

    private KeyEncryptionKeys(String currentId, KekBackend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
        if (currentId != null && !backend.contains(KekIds.check(currentId))) {
            throw new IllegalArgumentException("the current key-encryption key id '" + currentId
                    + "' is not among the ids of the " + backend.name() + " backend " + new TreeSet<>(backend.ids()));
        }
        this.currentId = currentId;
    }

    /** KEKs held in a backend; {@code currentId} must exist there. */
    public static KeyEncryptionKeys on(KekBackend backend, String currentId) {
        return new KeyEncryptionKeys(currentId, backend);
    }

    /**
     * KEKs that only unwrap: for a service that never creates data keys (the query service) and starts before any
     * KEK exists. Wrapping fails until {@link #withCurrent} names a KEK.
     */
    public static KeyEncryptionKeys readOnly(KekBackend backend) {
        return new KeyEncryptionKeys(null, backend);
    }

    public static KeyEncryptionKeys of(String currentId, Map<String, byte[]> keysById) {
        return new KeyEncryptionKeys(KekIds.check(currentId), new ConfiguredKeks(keysById));
    }

    /** Keys given as standard Base64 (RFC 4648 §4) of 32 bytes each, as configuration carries them. */
    public static KeyEncryptionKeys fromBase64(String currentId, Map<String, String> base64ById) {
        return of(currentId, decode(base64ById));
    }

    /** Decodes configured keys, naming ids only in errors (the decoder's message can quote the input). */
    public static Map<String, byte[]> decode(Map<String, String> base64ById) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        base64ById.forEach((id, encoded) -> {
            try {
                keys.put(id, Base64.getDecoder().decode(encoded == null ? "" : encoded.strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key-encryption key '" + id + "' is not valid Base64");
            }
        });
        return keys;
    }

    public String currentId() {
        return currentId;
    }

    public KekBackend backend() {
        return backend;
    }

    public Set<String> ids() {
        return backend.ids();
    }

    public boolean contains(String id) {
        return backend.contains(id);
    }

    /** The same keys with another current id, for a rotation: new data keys get wrapped with {@code id}. */
    public KeyEncryptionKeys withCurrent(String id) {
        return new KeyEncryptionKeys(KekIds.check(id), backend);
    }

    byte[] wrap(String kekId, String subjectId, String keyId, byte[] dataKey) {
        if (kekId == null) {
            throw new KeyVaultException("no current key-encryption key: this service only reads data keys");
        }
        return backend.wrap(kekId, dataKey, Aad.forDataKey(subjectId, keyId, kekId));
    }

    byte[] unwrap(String kekId, String subjectId, String keyId, byte[] wrapped) {
        try {
            return backend.unwrap(kekId, wrapped, Aad.forDataKey(subjectId, keyId, kekId));
        } catch (AEADBadTagException e) {
            throw new KeyVaultException("data key " + keyId + " does not unwrap with key-encryption key '"
                    + kekId + "' (wrong key-encryption key, or the stored key was altered)");
        } catch (UnknownKekException e) {
            throw new KeyVaultException("key-encryption key '" + kekId + "' is not configured: " + e.getMessage());
        }
    }

    /** Ids only: key material must never reach a log. */
    @Override
    public String toString() {
        return "KeyEncryptionKeys[current=" + currentId + ", backend=" + backend.name() + ", ids="
                + new TreeSet<>(backend.ids()) + ", keys=***]";
    }
}
