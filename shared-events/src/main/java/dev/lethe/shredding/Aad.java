package dev.lethe.shredding;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Associated data as a sequence of length-prefixed UTF-8 strings (4-byte big-endian length, then the bytes).
 * Length prefixes make the encoding unambiguous whatever characters ids contain, and are easy to reproduce
 * in any language (see docs/crypto-shredding.md).
 */
final class Aad {

    static final String FIELD_V1 = "lethe:enc:v1";
    static final String FIELD_V2 = "lethe:enc:v2";
    static final String DATA_KEY_V1 = "lethe:dek:v1";

    private Aad() {
    }

    static byte[] of(String... parts) {
        byte[][] encoded = new byte[parts.length][];
        int length = 0;
        for (int i = 0; i < parts.length; i++) {
            encoded[i] = parts[i].getBytes(StandardCharsets.UTF_8);
            length += 4 + encoded[i].length;
        }
        ByteBuffer out = ByteBuffer.allocate(length); // big-endian
        for (byte[] part : encoded) {
            out.putInt(part.length).put(part);
        }
        return out.array();
    }

    /** Format v1 (read only): binds subject and field, not the event, so a field could move between events. */
    static byte[] forField(String subjectId, String field) {
        return of(FIELD_V1, subjectId, field);
    }

    /** Format v2: also binds the event's identifier and payload type, so a field is valid in one event only. */
    static byte[] forField(String subjectId, String field, EventBinding event) {
        return of(FIELD_V2, subjectId, field, event.eventId(), event.eventType());
    }

    static byte[] forDataKey(String subjectId, String keyId, String kekId) {
        return of(DATA_KEY_V1, subjectId, keyId, kekId);
    }
}
