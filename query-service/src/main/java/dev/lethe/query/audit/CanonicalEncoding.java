package dev.lethe.query.audit;

import java.io.ByteArrayOutputStream;
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

    private CanonicalEncoding() {
    }

    public static byte[] encode(String... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        for (String field : fields) {
            if (field == null) {
                writeInt(out, NULL_LENGTH);
            } else {
                byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
                writeInt(out, bytes.length);
                out.writeBytes(bytes);
            }
        }
        return out.toByteArray();
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
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }
}
