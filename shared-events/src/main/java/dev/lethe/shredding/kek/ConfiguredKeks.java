package dev.lethe.shredding.kek;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;

/**
 * KEKs given in configuration ({@code lethe.crypto.kek.keys}), held in memory and never created or destroyed here:
 * the behaviour before KEK epochs, kept for tests and for deployments without a keyring. Nothing can be destroyed
 * physically with it (the configuration still holds the key), so the erasure purge refuses to rotate on it.
 */
public final class ConfiguredKeks implements KekBackend {

    private final Map<String, SecretKeySpec> keys;

    public ConfiguredKeks(Map<String, byte[]> keysById) {
        Map<String, SecretKeySpec> copy = new LinkedHashMap<>();
        keysById.forEach((id, bytes) -> copy.put(KekIds.check(id), toKey(id, bytes)));
        this.keys = Collections.unmodifiableMap(copy);
    }

    static SecretKeySpec toKey(String id, byte[] bytes) {
        if (bytes == null || bytes.length != Gcm.KEY_BYTES) {
            throw new IllegalArgumentException("key-encryption key '" + id + "' must be " + Gcm.KEY_BYTES
                    + " bytes (AES-256)");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    @Override
    public String name() {
        return "configured";
    }

    @Override
    public String create() {
        throw new UnsupportedOperationException("configured key-encryption keys cannot be created at run time; "
                + "set lethe.crypto.kek.keyring or lethe.crypto.kek.backend=pkcs11");
    }

    @Override
    public boolean managesKeys() {
        return false;
    }

    @Override
    public Set<String> ids() {
        return keys.keySet();
    }

    @Override
    public boolean contains(String kekId) {
        return keys.containsKey(kekId);
    }

    @Override
    public byte[] wrap(String kekId, byte[] dataKey, byte[] aad) {
        return Gcm.seal(null, key(kekId), dataKey, aad);
    }

    @Override
    public byte[] unwrap(String kekId, byte[] wrapped, byte[] aad) throws AEADBadTagException {
        return Gcm.open(null, key(kekId), wrapped, aad);
    }

    private SecretKeySpec key(String kekId) {
        SecretKeySpec key = keys.get(kekId);
        if (key == null) {
            throw new UnknownKekException(kekId, name());
        }
        return key;
    }

    @Override
    public void destroy(String kekId) {
        throw new UnsupportedOperationException("configured key-encryption keys cannot be destroyed at run time");
    }

    @Override
    public String toString() {
        return "ConfiguredKeks[ids=" + new java.util.TreeSet<>(keys.keySet()) + ", keys=***]";
    }
}
