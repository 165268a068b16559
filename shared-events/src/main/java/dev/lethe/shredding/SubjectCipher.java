package dev.lethe.shredding;

import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;

/**
 * AES-256-GCM under a subject's data key for ciphertexts that are not event fields, such as the query side's read
 * model. The caller names its own associated-data domain (e.g. {@code lethe:view:v1}) and the context that binds a
 * value to its place; the subject id is always part of the associated data, so a value cannot be moved to another
 * person. The key material stays in this package. Destroying the subject's key shreds these ciphertexts too.
 *
 * <p>Associated data: {@code domain, subjectId, context...}, each length-prefixed as {@link Aad#of} encodes it.
 */
public final class SubjectCipher {

    private SubjectCipher() {
    }

    public static byte[] seal(DataKey key, byte[] plaintext, String domain, String... context) {
        return AesGcm.encrypt(key.secretKey(), plaintext, aad(key, domain, context));
    }

    /**
     * @throws AEADBadTagException if the bytes were altered, or belong to another subject, key, domain or context
     */
    public static byte[] open(DataKey key, byte[] sealed, String domain, String... context) throws AEADBadTagException {
        return AesGcm.decrypt(key.secretKey(), sealed, aad(key, domain, context));
    }

    private static byte[] aad(DataKey key, String domain, String... context) {
        Objects.requireNonNull(domain, "domain");
        // the event formats' own domains are reserved: a value sealed here must never pass as an event field or key
        if (domain.startsWith("lethe:enc:") || domain.startsWith("lethe:dek:")) {
            throw new IllegalArgumentException("domain " + domain + " is reserved for event fields and data keys");
        }
        String[] parts = new String[context.length + 2];
        parts[0] = domain;
        parts[1] = key.subjectId();
        System.arraycopy(context, 0, parts, 2, context.length);
        if (Arrays.stream(parts).anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("associated data must not contain null");
        }
        return Aad.of(parts);
    }
}
