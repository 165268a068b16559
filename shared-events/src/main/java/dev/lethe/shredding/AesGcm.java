package dev.lethe.shredding;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM with the layout every Lethe ciphertext uses: {@code nonce (12 bytes) || ciphertext || tag (16 bytes)}.
 * Both field values and wrapped data keys go through here, so there is one place that chooses nonces.
 */
final class AesGcm {

    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    static final int KEY_BYTES = 32;

    // One generator for the JVM: SecureRandom is thread-safe, and random 96-bit nonces stay far below the
    // collision bound NIST SP 800-38D sets (2^32 messages per key) because each key belongs to one person.
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    // Cipher.getInstance costs a provider lookup and several allocations per call, far more than sealing a field;
    // one instance per thread, initialised afresh (with its own nonce) for every operation.
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(AesGcm::newCipher);

    private AesGcm() {
    }

    static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    static byte[] encrypt(SecretKey key, byte[] plaintext, byte[] aad) {
        return encrypt(key, plaintext, 0, plaintext.length, aad);
    }

    /** Seals {@code length} bytes of {@code plaintext} from {@code offset}, e.g. a reused buffer's content. */
    static byte[] encrypt(SecretKey key, byte[] plaintext, int offset, int length, byte[] aad) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return seal(CIPHERS.get(), key, nonce, plaintext, offset, length, aad);
    }

    /**
     * Fixed nonce only for published test vectors; production code always draws a fresh one. A new {@code Cipher}
     * each time: the JDK refuses to initialise one for encryption with the key and nonce it last used, which a test
     * vector may repeat on purpose.
     */
    static byte[] encrypt(SecretKey key, byte[] nonce, byte[] plaintext, byte[] aad) {
        return encrypt(key, nonce, plaintext, 0, plaintext.length, aad);
    }

    static byte[] encrypt(SecretKey key, byte[] nonce, byte[] plaintext, int offset, int length, byte[] aad) {
        return seal(newCipher(), key, nonce, plaintext, offset, length, aad);
    }

    private static byte[] seal(Cipher cipher, SecretKey key, byte[] nonce, byte[] plaintext, int offset, int length,
                               byte[] aad) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
            cipher.updateAAD(aad);
            ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + cipher.getOutputSize(length));
            out.put(nonce);
            cipher.doFinal(ByteBuffer.wrap(plaintext, offset, length), out);
            return out.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /**
     * @throws AEADBadTagException when the bytes, the associated data or the key do not match; callers turn
     *                             it into an exception that names what failed without echoing any bytes
     */
    static byte[] decrypt(SecretKey key, byte[] sealed, byte[] aad) throws AEADBadTagException {
        if (sealed.length < NONCE_BYTES + TAG_BYTES) {
            throw new AEADBadTagException("too short for nonce and tag");
        }
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }
}
