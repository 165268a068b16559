package dev.lethe.auditverifier;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The canonical encoding of docs/audit-trail.md, written from the document: each field a 4-byte big-endian length
 * and its UTF-8 bytes, an absent field the length 0xFFFFFFFF.
 */
final class Encoding {

    private Encoding() {
    }

    static byte[] fields(String... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String field : fields) {
            byte[] bytes = field == null ? null : field.getBytes(StandardCharsets.UTF_8);
            int length = bytes == null ? -1 : bytes.length;
            out.write((length >> 24) & 0xff);
            out.write((length >> 16) & 0xff);
            out.write((length >> 8) & 0xff);
            out.write(length & 0xff);
            if (bytes != null) {
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toByteArray();
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
