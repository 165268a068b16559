package dev.lethe.shredding;

import javax.crypto.AEADBadTagException;

/**
 * Encrypts one personal field value (its UTF-8 JSON bytes) with the subject's data key. The associated data
 * binds the ciphertext to the format version, the subject and the field name, so it cannot be replayed into
 * another field or another person's event.
 */
public final class FieldCipher {

    private FieldCipher() {
    }

    public static EncryptedField encrypt(DataKey key, String field, byte[] plaintextJson) {
        return new EncryptedField(key.keyId(),
                AesGcm.encrypt(key.secretKey(), plaintextJson, Aad.forField(key.subjectId(), field)));
    }

    /** For published test vectors only: a fixed nonce must never be used for real data. */
    static EncryptedField encryptWithNonce(DataKey key, String field, byte[] plaintextJson, byte[] nonce) {
        return new EncryptedField(key.keyId(),
                AesGcm.encrypt(key.secretKey(), nonce, plaintextJson, Aad.forField(key.subjectId(), field)));
    }

    /**
     * @throws AEADBadTagException if the ciphertext was altered or belongs to another subject, field or key
     */
    public static byte[] decrypt(DataKey key, String field, EncryptedField encrypted) throws AEADBadTagException {
        return AesGcm.decrypt(key.secretKey(), encrypted.sealed(), Aad.forField(key.subjectId(), field));
    }
}
