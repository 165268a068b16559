package dev.lethe.shredding;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import dev.lethe.contract.Personal;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.AEADBadTagException;

/**
 * Reads an event's stored JSON in one pass: {@link PersonalDeserializer} hands each top-level personal value here,
 * which reads the ciphertext envelope from the parser, decrypts it and parses the plaintext straight into the
 * value's type, with the checks (and messages) of the tree-based decryption: no event tree, no copy, no field trees.
 *
 * <p>Jackson wraps what a deserializer throws; the first failure is kept here so that the codec rethrows it as it
 * was (a vault that cannot be reached must stay transient, an altered field an integrity failure).
 */
final class UnsealingParser extends JsonParserDelegate {

    private final JsonFactory factory;
    private final String typeName;
    private final List<String> personalFields;
    private final EventBinding event;
    private final Supplier<Optional<DataKey>> keys;
    private Optional<DataKey> key;
    private RuntimeException failure;

    /**
     * @param event the event the payload is sealed for, or null for a payload of format v1
     * @param keys  the subject's key if it still exists, asked for at the first encrypted value
     */
    UnsealingParser(JsonParser stored, JsonFactory factory, String typeName, List<String> personalFields,
                    EventBinding event, Supplier<Optional<DataKey>> keys) {
        super(stored);
        this.factory = factory;
        this.typeName = typeName;
        this.personalFields = personalFields;
        this.event = event;
        this.keys = keys;
    }

    /**
     * The name of the event's own personal field whose value the parser is at, or null when it is at anything else
     * (a value nested in another, say), which is then read as plain data.
     */
    String personalFieldAtParser() {
        JsonStreamContext context = getParsingContext();
        if (currentToken() == JsonToken.START_OBJECT || currentToken() == JsonToken.START_ARRAY) {
            context = context.getParent();
        }
        if (context == null || !context.inObject() || context.getParent() == null || !context.getParent().inRoot()) {
            return null;
        }
        String name = context.getCurrentName();
        return personalFields.contains(name) ? name : null;
    }

    /** The value of personal field {@code field} at the parser, decrypted, or erased where the key is gone. */
    Personal<?> unseal(String field, JsonDeserializer<Object> valueDeserializer, DeserializationContext ctxt)
            throws IOException {
        try {
            return read(field, valueDeserializer, ctxt);
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            }
            throw e;
        }
    }

    /** What went wrong inside the unsealing, if anything, before Jackson wrapped it. */
    RuntimeException failure() {
        return failure;
    }

    private Personal<?> read(String field, JsonDeserializer<Object> valueDeserializer, DeserializationContext ctxt)
            throws IOException {
        if (currentToken() != JsonToken.START_OBJECT) {
            skipChildren();
            throw new PersonalDataIntegrityException(typeName, field, "is stored unencrypted");
        }
        Envelope envelope = Envelope.read(this);
        if (envelope.isErasedMarker()) {
            return Personal.erased();
        }
        if (!envelope.isEncrypted()) {
            throw new PersonalDataIntegrityException(typeName, field, "is stored unencrypted");
        }
        EncryptedField encrypted = envelope.encryptedField(typeName, field);
        if (encrypted.isBoundToEvent() != (event != null)) {
            // v2 payloads name their event and hold v2 fields only: an unbound v1 field in one was put there
            throw new PersonalDataIntegrityException(typeName, field, event == null
                    ? "is sealed for an event, but the payload names none"
                    : "is of the unbound format v1 inside a payload sealed for an event");
        }
        if (key == null) {
            key = keys.get();
        }
        if (key.isEmpty()) {
            return Personal.erased();
        }
        if (!key.get().keyId().equals(encrypted.keyId())) {
            // A subject has one key id for life (none is issued after erasure), so this came from elsewhere.
            throw new PersonalDataIntegrityException(typeName, field,
                    "was encrypted with a key that is not its data subject's");
        }
        byte[] plaintext;
        try {
            plaintext = FieldCipher.decrypt(key.get(), field, event, encrypted);
        } catch (AEADBadTagException e) {
            throw new PersonalDataIntegrityException(typeName, field,
                    "failed authentication: altered, or moved from another field, event or data subject");
        }
        try (JsonParser value = ctxt.getConfig().initialize(factory.createParser(plaintext))) {
            if (value.nextToken() == null) {
                // what binding the empty tree the tree-based reading made of it led to
                throw new ShreddingException("could not read " + typeName + " from its decrypted form (no value)");
            }
            if (value.currentToken() == JsonToken.VALUE_NULL) {
                return null;
            }
            return Personal.of(valueDeserializer.deserialize(value, ctxt));
        } catch (StreamReadException e) {
            throw notJson(field);
        } catch (DatabindException e) {
            // a value of the wrong shape, unless it is no JSON at all (checked only now, on the failure path)
            if (!isJson(plaintext)) {
                throw notJson(field);
            }
            throw e;
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private PersonalDataIntegrityException notJson(String field) {
        return new PersonalDataIntegrityException(typeName, field, "decrypts to something that is not JSON");
    }

    private boolean isJson(byte[] plaintext) throws IOException {
        try (JsonParser value = factory.createParser(plaintext)) {
            value.nextToken();
            value.skipChildren();
            return true;
        } catch (StreamReadException e) {
            return false;
        }
    }

    /**
     * The members of an object in a personal field's place, read without a tree: a ciphertext envelope
     * ({@code lethe:enc}, {@code kid}, {@code ct}), the erased marker, or something else (stored unencrypted).
     */
    private record Envelope(int members, boolean hasFormat, String format, String keyId, String ciphertext,
                            Boolean erased) {

        static Envelope read(JsonParser parser) throws IOException {
            int members = 0;
            boolean hasFormat = false;
            String format = null;
            String keyId = null;
            String ciphertext = null;
            Boolean erased = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                members++;
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                String text = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                switch (name) {
                    case EncryptedField.FORMAT_FIELD -> {
                        hasFormat = true;
                        format = text;
                    }
                    case EncryptedField.KEY_ID_FIELD -> keyId = text;
                    case EncryptedField.CIPHERTEXT_FIELD -> ciphertext = text;
                    case PersonalDataModule.ERASED_MARKER -> erased = value.isBoolean() ? parser.getBooleanValue()
                            : null;
                    default -> {
                        // plaintext (or anything else) where a ciphertext belongs
                    }
                }
                parser.skipChildren();
            }
            return new Envelope(members, hasFormat, format, keyId, ciphertext, erased);
        }

        boolean isErasedMarker() {
            return members == 1 && Boolean.TRUE.equals(erased);
        }

        boolean isEncrypted() {
            return hasFormat;
        }

        /** As {@link EncryptedField#fromJson}, with its checks in its order and its messages. */
        EncryptedField encryptedField(String typeName, String field) {
            if (!(EncryptedField.V1.equals(format) || EncryptedField.V2.equals(format)) || members != 3) {
                throw new PersonalDataIntegrityException(typeName, field, "is an encrypted field of an unknown format");
            }
            if (keyId == null || ciphertext == null) {
                throw new PersonalDataIntegrityException(typeName, field,
                        "is an encrypted field without a key id or ciphertext");
            }
            byte[] sealed;
            try {
                sealed = Base64.getDecoder().decode(ciphertext);
            } catch (IllegalArgumentException e) {
                throw new PersonalDataIntegrityException(typeName, field,
                        "is an encrypted field whose ciphertext is not Base64");
            }
            return new EncryptedField(format, keyId, sealed);
        }
    }
}
