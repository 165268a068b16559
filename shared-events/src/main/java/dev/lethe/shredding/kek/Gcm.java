package dev.lethe.shredding.kek;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM in Lethe's layout ({@code nonce || ciphertext || tag}) with any provider: the JDK's for the keyring,
 * the PKCS#11 provider for a token, so that there the key never leaves the token.
 */
final class Gcm {

    static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    // The JDK's cipher once per thread (re-initialised, with a fresh nonce, per operation); a token's provider
    // keeps its own per-session state, so it gets a new instance each time as before.
    private static final ThreadLocal<Cipher> JDK_CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    });

    private Gcm() {
    }

    static byte[] seal(Provider provider, Key key, byte[] plaintext, byte[] aad) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(provider);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM wrapping failed in provider " + providerName(provider), e);
        }
    }

    static byte[] open(Provider provider, Key key, byte[] sealed, byte[] aad) throws AEADBadTagException {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new AEADBadTagException("too short for nonce and tag");
        }
        try {
            Cipher cipher = cipher(provider);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            // a PKCS#11 token reports a bad tag as CKR_ENCRYPTED_DATA_INVALID or similar, wrapped differently
            if (provider != null) {
                AEADBadTagException bad = new AEADBadTagException("the token refused to unwrap");
                bad.initCause(e);
                throw bad;
            }
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    private static Cipher cipher(Provider provider) throws GeneralSecurityException {
        return provider == null ? JDK_CIPHERS.get() : Cipher.getInstance(TRANSFORMATION, provider);
    }

    private static String providerName(Provider provider) {
        return provider == null ? "JDK" : provider.getName();
    }
}
