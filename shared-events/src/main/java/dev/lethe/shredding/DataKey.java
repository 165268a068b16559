package dev.lethe.shredding;

import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One data subject's data-encryption key (DEK). The key id travels with every ciphertext ({@code kid}) so
 * that a reader can tell "this key is gone" from "this is another key".
 */
public final class DataKey {

    private final String subjectId;
    private final String keyId;
    private final SecretKey key;

    public DataKey(String subjectId, String keyId, byte[] key) {
        this.subjectId = requireText(subjectId, "subjectId");
        this.keyId = requireText(keyId, "keyId");
        if (key == null || key.length != AesGcm.KEY_BYTES) {
            throw new IllegalArgumentException("a data key must be " + AesGcm.KEY_BYTES + " bytes (AES-256)");
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    public String subjectId() {
        return subjectId;
    }

    public String keyId() {
        return keyId;
    }

    /** Package-private so that key material can only be used by the ciphers here, never handed around. */
    SecretKey secretKey() {
        return key;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DataKey that && subjectId.equals(that.subjectId) && keyId.equals(that.keyId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subjectId, keyId);
    }

    @Override
    public String toString() {
        return "DataKey[keyId=" + keyId + ", key=***]";
    }
}
