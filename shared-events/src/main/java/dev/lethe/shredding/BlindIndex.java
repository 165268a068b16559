package dev.lethe.shredding;

import dev.lethe.contract.customer.ContactFormats;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Blind indexes: a keyed HMAC-SHA-256 of a normalised value, so that "is this email already known?" can be
 * answered by an equality lookup without storing the email. Without the key a digest cannot be tested
 * against guesses, unlike a plain hash of a low-entropy value. The key comes from configuration and is the
 * same in every service that matches, or their digests would not meet.
 *
 * <p>Each kind of value is hashed under its own label ({@code email:}, {@code phone:}, {@code source-record:},
 * {@code suppress-email:}, {@code suppress-phone:}),
 * so equal text of different kinds never yields the same digest.
 */
public final class BlindIndex {

    public static final int MINIMUM_KEY_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";

    private final ThreadLocal<Mac> macs;

    private BlindIndex(byte[] key) {
        if (key.length < MINIMUM_KEY_BYTES) {
            throw new IllegalArgumentException("the blind-index key must be at least " + MINIMUM_KEY_BYTES + " bytes");
        }
        SecretKeySpec spec = new SecretKeySpec(key.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(spec);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA-256 is not available", e);
            }
        });
    }

    /** @param base64Key the key, Base64-encoded; never logged, never echoed in an exception */
    public static BlindIndex fromBase64(String base64Key) {
        if (base64Key == null || base64Key.isBlank()) {
            throw new IllegalArgumentException("no blind-index key is configured");
        }
        try {
            return new BlindIndex(Base64.getDecoder().decode(base64Key.strip()));
        } catch (IllegalArgumentException notBase64) {
            if (notBase64.getMessage() != null && notBase64.getMessage().startsWith("the blind-index key")) {
                throw notBase64;
            }
            throw new IllegalArgumentException("the blind-index key is not valid Base64");
        }
    }

    public byte[] email(String email) {
        return digest("email:" + ContactFormats.emailMatchKey(email));
    }

    /** @throws IllegalArgumentException (without the value) when the number cannot be normalised */
    public byte[] phone(String phone) {
        return digest("phone:" + ContactFormats.phone(phone)
                .orElseThrow(() -> new IllegalArgumentException("not an international phone number")));
    }

    /** A source system's own reference to a person, which is personal data too. */
    public byte[] sourceRecord(String source, String sourceCustomerId) {
        // NUL cannot occur in a source name, so no two (source, reference) pairs share an input
        return digest("source-record:" + source + '\u0000' + sourceCustomerId);
    }

    /**
     * A suppression-list entry for an email or phone, derived from its match-key digest ({@link #email} /
     * {@link #phone}) under its own label ({@code suppress-email:}, {@code suppress-phone:}): a keyed hash of the
     * normalised value that cannot be joined with match keys without this key, and that can be computed at
     * erasure from the match keys alone, when no plaintext is at hand.
     *
     * @param kind {@code email} or {@code phone}
     */
    public byte[] suppression(String kind, byte[] matchDigest) {
        if (!"email".equals(kind) && !"phone".equals(kind)) {
            throw new IllegalArgumentException("a suppression entry is of kind email or phone");
        }
        return digest("suppress-" + kind + ":" + HexFormat.of().formatHex(matchDigest));
    }

    private byte[] digest(String input) {
        return macs.get().doFinal(input.getBytes(StandardCharsets.UTF_8));
    }
}
