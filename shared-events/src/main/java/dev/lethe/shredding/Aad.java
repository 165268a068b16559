package dev.lethe.shredding;

import java.io.ByteArrayOutputStream;
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            out.write(bytes.length >>> 24);
            out.write(bytes.length >>> 16);
            out.write(bytes.length >>> 8);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
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
