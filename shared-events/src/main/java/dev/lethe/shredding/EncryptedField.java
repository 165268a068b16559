package dev.lethe.shredding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;

/**
 * The stored form of one encrypted personal field, replacing the field's value in the event JSON:
 * <pre>{"lethe:enc":"v2","kid":"&lt;data key id&gt;","ct":"&lt;Base64(nonce || ciphertext || tag)&gt;"}</pre>
 * The version says which associated data authenticates it: {@code v2} (written now) binds the event, {@code v1}
 * (still read, never written) does not; see docs/crypto-shredding.md §4.
 *
 * @param version {@link #V1} or {@link #V2}
 * @param keyId   the id of the data key that encrypted it
 * @param sealed  nonce (12 bytes) || ciphertext || tag (16 bytes)
 */
record EncryptedField(String version, String keyId, byte[] sealed) {

    public static final String FORMAT_FIELD = "lethe:enc";
    public static final String V1 = "v1";
    public static final String V2 = "v2";
    static final String KEY_ID_FIELD = "kid";
    static final String CIPHERTEXT_FIELD = "ct";

    public EncryptedField {
        if (!V1.equals(version) && !V2.equals(version)) {
            throw new IllegalArgumentException("unknown encrypted field format");
        }
    }

    /** True for anything claiming to be an encrypted field, well-formed or not. */
    public static boolean isEnvelope(JsonNode node) {
        return node != null && node.isObject() && node.has(FORMAT_FIELD);
    }

    /**
     * @throws IllegalArgumentException when the envelope is malformed or of an unknown version; the message
     *                                  never quotes the content
     */
    public static EncryptedField fromJson(JsonNode node) {
        if (!isEnvelope(node)) {
            throw new IllegalArgumentException("is not an encrypted field");
        }
        String version = node.get(FORMAT_FIELD).asText();
        if (!(V1.equals(version) || V2.equals(version)) || node.size() != 3) {
            throw new IllegalArgumentException("is an encrypted field of an unknown format");
        }
        JsonNode keyId = node.get(KEY_ID_FIELD);
        JsonNode ciphertext = node.get(CIPHERTEXT_FIELD);
        if (keyId == null || !keyId.isTextual() || ciphertext == null || !ciphertext.isTextual()) {
            throw new IllegalArgumentException("is an encrypted field without a key id or ciphertext");
        }
        try {
            return new EncryptedField(version, keyId.textValue(),
                    Base64.getDecoder().decode(ciphertext.textValue()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is an encrypted field whose ciphertext is not Base64");
        }
    }

    public boolean isBoundToEvent() {
        return V2.equals(version);
    }

    public ObjectNode toJson() {
        return JsonNodeFactory.instance.objectNode()
                .put(FORMAT_FIELD, version)
                .put(KEY_ID_FIELD, keyId)
                .put(CIPHERTEXT_FIELD, Base64.getEncoder().encodeToString(sealed));
    }

    @Override
    public String toString() {
        return "EncryptedField[" + version + ", keyId=" + keyId + ", " + sealed.length + " bytes]";
    }

    // Arrays compare by identity in records; these compare by content.
    @Override
    public boolean equals(Object other) {
        return other instanceof EncryptedField that && version.equals(that.version) && keyId.equals(that.keyId)
                && java.util.Arrays.equals(sealed, that.sealed);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * version.hashCode() + keyId.hashCode()) + java.util.Arrays.hashCode(sealed);
    }
}
