package dev.lethe.shredding;

import javax.crypto.AEADBadTagException;

/**
 * Encrypts one personal field value (its UTF-8 JSON bytes) with the subject's data key. The associated data
 * binds the ciphertext to the format version, the subject, the field name and (format v2) the event it was
 * written for, so it cannot be replayed into another field, another person's event or another event of the
 * same person.
 */
final class FieldCipher {

    private FieldCipher() {
    }

    /** Format v2, the only one written. */
    public static EncryptedField encrypt(DataKey key, String field, EventBinding event, byte[] plaintextJson) {
        return new EncryptedField(EncryptedField.V2, key.keyId(),
                AesGcm.encrypt(key.secretKey(), plaintextJson, Aad.forField(key.subjectId(), field, event)));
    }

    /**
     * Format v2 from the first {@code length} bytes of {@code plaintextJson} (a buffer the caller reuses and wipes).
     *
     * @param nonce null to draw a fresh one, as production code always does; a fixed one for test vectors only
     */
    static EncryptedField encrypt(DataKey key, String field, EventBinding event, byte[] plaintextJson, int length,
                                  byte[] nonce) {
        byte[] aad = Aad.forField(key.subjectId(), field, event);
        return new EncryptedField(EncryptedField.V2, key.keyId(), nonce == null
                ? AesGcm.encrypt(key.secretKey(), plaintextJson, 0, length, aad)
                : AesGcm.encrypt(key.secretKey(), nonce, plaintextJson, 0, length, aad));
    }

    /** Format v1, for tests of the reading path of events written before v2 only. */
    static EncryptedField encryptV1(DataKey key, String field, byte[] plaintextJson) {
        return new EncryptedField(EncryptedField.V1, key.keyId(),
                AesGcm.encrypt(key.secretKey(), plaintextJson, Aad.forField(key.subjectId(), field)));
    }

    /** For published test vectors only: a fixed nonce must never be used for real data. */
    static EncryptedField encryptWithNonce(DataKey key, String field, EventBinding event, byte[] plaintextJson,
                                           byte[] nonce) {
        byte[] aad = event == null ? Aad.forField(key.subjectId(), field) : Aad.forField(key.subjectId(), field, event);
        return new EncryptedField(event == null ? EncryptedField.V1 : EncryptedField.V2, key.keyId(),
                AesGcm.encrypt(key.secretKey(), nonce, plaintextJson, aad));
    }

    /**
     * @param event the event the field is read from; required for a v2 field, ignored for a v1 field (which
     *              binds none)
     * @throws AEADBadTagException if the ciphertext was altered or belongs to another subject, field, event or key
     */
    public static byte[] decrypt(DataKey key, String field, EventBinding event, EncryptedField encrypted)
            throws AEADBadTagException {
        byte[] aad;
        if (encrypted.isBoundToEvent()) {
            if (event == null) {
                throw new IllegalArgumentException("a v2 field can only be read with the event it was sealed for");
            }
            aad = Aad.forField(key.subjectId(), field, event);
        } else {
            aad = Aad.forField(key.subjectId(), field);
        }
        return AesGcm.decrypt(key.secretKey(), encrypted.sealed(), aad);
    }
}
