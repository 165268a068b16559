package dev.lethe.shredding;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals whole records (not event fields) with a data key, e.g. a dead letter under the ingress key of its day:
 * AES-256-GCM in the usual layout, associated data {@code "lethe:rec:v1", subject, key id, context...} (length-prefixed
 * as in {@link Aad}), so a sealed value cannot be moved to another record or read under another key. Also keyed
 * digests of values under the same key, which nobody without the key can test guesses against.
 */
public final class RecordCipher {

    static final String RECORD_V1 = "lethe:rec:v1";
    private static final String DIGEST_V1 = "lethe:rec-digest:v1";
    // one per thread, initialised per digest: Mac.getInstance costs more than the HMAC itself
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available in this JVM", e);
        }
    });

    private RecordCipher() {
    }

    /** @param context where the sealed bytes belong (e.g. topic, partition, offset); the same is needed to open them */
    public static byte[] seal(DataKey key, byte[] plaintext, String... context) {
        return AesGcm.encrypt(key.secretKey(), plaintext, aad(key, context));
    }

    /** @throws AEADBadTagException if the bytes were altered, or belong to another key or context */
    public static byte[] open(DataKey key, byte[] sealed, String... context) throws AEADBadTagException {
        return AesGcm.decrypt(key.secretKey(), sealed, aad(key, context));
    }

    /**
     * HMAC-SHA-256 of {@code value} under a key derived from the data key (never the data key itself), hex. Equal
     * values give equal digests under one key; once the key is destroyed, a digest can no longer be checked.
     */
    public static String digest(DataKey key, byte[] value) {
        try {
            Mac mac = MACS.get();
            mac.init(key.secretKey());
            byte[] digestKey = mac.doFinal(Aad.of(DIGEST_V1, key.subjectId(), key.keyId()));
            mac.init(new SecretKeySpec(digestKey, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available in this JVM", e);
        }
    }

    /** A digest of a text, as {@link #digest(DataKey, byte[])} of its UTF-8 bytes. */
    public static String digest(DataKey key, String value) {
        return digest(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] aad(DataKey key, String... context) {
        String[] parts = new String[context.length + 3];
        parts[0] = RECORD_V1;
        parts[1] = key.subjectId();
        parts[2] = key.keyId();
        System.arraycopy(context, 0, parts, 3, context.length);
        return Aad.of(parts);
    }
}
