package dev.lethe.query.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The byte string that entry hashes and checkpoint signatures cover (docs/audit-trail.md, "Canonical
 * encoding"): every field is a string, written as its UTF-8 length in 4 bytes big-endian followed by its
 * UTF-8 bytes; an absent field is the length {@code 0xFFFFFFFF} and no bytes. Length prefixes make the
 * encoding unambiguous without escaping, so any language re-implements it in a few lines.
 */
public final class CanonicalEncoding {

    public static final int NULL_LENGTH = 0xFFFFFFFF;
    private static final HexFormat HEX = HexFormat.of();
    /** Microseconds always, so the form is the same after a round trip through PostgreSQL's timestamptz. */
    private static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** One digest per thread: looking up the provider costs more than hashing an entry. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    });

    private CanonicalEncoding() {
    }

    public static byte[] encode(String... fields) {
        // sized exactly, then filled: verification encodes every entry of the trail, so no growing buffers
        byte[][] encoded = new byte[fields.length][];
        int size = 0;
        for (int i = 0; i < fields.length; i++) {
            encoded[i] = fields[i] == null ? null : fields[i].getBytes(StandardCharsets.UTF_8);
            size += Integer.BYTES + (encoded[i] == null ? 0 : encoded[i].length);
        }
        ByteBuffer out = ByteBuffer.allocate(size); // big-endian
        for (byte[] field : encoded) {
            if (field == null) {
                out.putInt(NULL_LENGTH);
            } else {
                out.putInt(field.length).put(field);
            }
        }
        return out.array();
    }

    public static String instant(Instant instant) {
        return INSTANT.format(instant);
    }

    /** What PostgreSQL keeps of an instant; everything hashed is truncated to this first. */
    public static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    public static String hex(byte[] bytes) {
        return bytes == null ? null : HEX.formatHex(bytes);
    }

    public static byte[] unhex(String hex) {
        return HEX.parseHex(hex);
    }

    public static byte[] sha256(byte[] bytes) {
        MessageDigest digest = SHA_256.get();
        digest.reset();
        return digest.digest(bytes);
    }
}
