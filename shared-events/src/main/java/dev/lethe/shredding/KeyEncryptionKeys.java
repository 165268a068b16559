package dev.lethe.shredding;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key-encryption keys (KEKs, AES-256) that wrap data keys, by id, and the id new data keys are wrapped
 * with. They come from configuration, a secret file or a KMS, never from the database that holds the
 * wrapped keys. Several ids coexist during a rotation: old ones unwrap until {@link KeyVault#rewrap} has run.
 */
public final class KeyEncryptionKeys {

    // Ids end up in the associated data and in the vault table; keep them short and unambiguous.
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String currentId;
    private final Map<String, SecretKey> keys;

    private KeyEncryptionKeys(String currentId, Map<String, SecretKey> keys) {
        if (!keys.containsKey(currentId)) {
            throw new IllegalArgumentException("the current key-encryption key id '" + currentId
                    + "' is not among the configured ids " + new TreeSet<>(keys.keySet()));
        }
        this.currentId = currentId;
        this.keys = Collections.unmodifiableMap(keys);
    }

    public static KeyEncryptionKeys of(String currentId, Map<String, byte[]> keysById) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        keysById.forEach((id, bytes) -> keys.put(checkId(id), toKey(id, bytes)));
        return new KeyEncryptionKeys(checkId(currentId), keys);
    }

    /** Keys given as standard Base64 (RFC 4648 §4) of 32 bytes each, as configuration carries them. */
    public static KeyEncryptionKeys fromBase64(String currentId, Map<String, String> base64ById) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        base64ById.forEach((id, encoded) -> {
            try {
                keys.put(id, Base64.getDecoder().decode(encoded == null ? "" : encoded.strip()));
            } catch (IllegalArgumentException e) {
                // the decoder's message can quote the offending input; do not pass it on
                throw new IllegalArgumentException("key-encryption key '" + id + "' is not valid Base64");
            }
        });
        return of(currentId, keys);
    }

    private static String checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a key-encryption key id must match " + ID.pattern());
        }
        return id;
    }

    private static SecretKey toKey(String id, byte[] bytes) {
        if (bytes == null || bytes.length != AesGcm.KEY_BYTES) {
            throw new IllegalArgumentException("key-encryption key '" + id + "' must be "
                    + AesGcm.KEY_BYTES + " bytes (AES-256)");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    public String currentId() {
        return currentId;
    }

    public Set<String> ids() {
        return keys.keySet();
    }

    public boolean contains(String id) {
        return keys.containsKey(id);
    }

    /** The same keys with another current id, for a rotation: new data keys get wrapped with {@code id}. */
    public KeyEncryptionKeys withCurrent(String id) {
        return new KeyEncryptionKeys(id, new LinkedHashMap<>(keys));
    }

    byte[] wrap(String kekId, String subjectId, String keyId, byte[] dataKey) {
        return AesGcm.encrypt(key(kekId), dataKey, Aad.forDataKey(subjectId, keyId, kekId));
    }

    byte[] unwrap(String kekId, String subjectId, String keyId, byte[] wrapped) {
        try {
            return AesGcm.decrypt(key(kekId), wrapped, Aad.forDataKey(subjectId, keyId, kekId));
        } catch (AEADBadTagException e) {
            throw new KeyVaultException("data key " + keyId + " does not unwrap with key-encryption key '"
                    + kekId + "' (wrong key-encryption key, or the stored key was altered)");
        }
    }

    private SecretKey key(String kekId) {
        SecretKey key = keys.get(kekId);
        if (key == null) {
            throw new KeyVaultException("key-encryption key '" + kekId + "' is not configured (configured: "
                    + new TreeSet<>(keys.keySet()) + ")");
        }
        return key;
    }

    /** Ids only: key material must never reach a log. */
    @Override
    public String toString() {
        return "KeyEncryptionKeys[current=" + currentId + ", ids=" + new TreeSet<>(keys.keySet()) + ", keys=***]";
    }
}
