package dev.lethe.shredding;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Writes an event's stored JSON in one pass: the event identifier first ({@link ShreddingCodec#EVENT_ID_FIELD}),
 * then Jackson's fields as usual, except that {@link PersonalSerializer} hands each top-level personal value here to
 * be written as its ciphertext envelope. The bytes are those the tree-based encryption wrote (same field order, same
 * envelope), without the event's tree, the field trees or a re-serialization.
 */
final class SealingGenerator extends JsonGeneratorDelegate {

    private final JsonFactory factory;
    private final EventBinding event;
    private final List<String> personalFields;
    private final Supplier<DataKey> keys;
    private final Supplier<byte[]> nonces;
    private final PlaintextBuffer plaintext = new PlaintextBuffer();
    // one generator for all of an event's values (a new one per value would take fresh buffers each time)
    private JsonGenerator valueJson;
    private DataKey key;
    private boolean sealedFor;
    private int sealed;
    private RuntimeException failure;

    /**
     * @param keys   the subject's key, asked for at the first value to encrypt (an event without any asks for none)
     * @param nonces fixed nonces for tests; null (always in production) draws a fresh one per field
     */
    SealingGenerator(JsonGenerator out, JsonFactory factory, EventBinding event, List<String> personalFields,
                     Supplier<DataKey> keys, Supplier<byte[]> nonces) {
        super(out, false);
        this.factory = factory;
        this.event = event;
        this.personalFields = personalFields;
        this.keys = keys;
        this.nonces = nonces;
    }

    /** True while the value about to be written is a personal field of the event itself (not of a nested value). */
    boolean sealsCurrentValue() {
        JsonStreamContext context = getOutputContext();
        return context.inObject() && context.getParent() != null && context.getParent().inRoot()
                && personalFields.contains(context.getCurrentName());
    }

    /** Writes {@code value}'s plaintext JSON encrypted, as {@code {"lethe:enc":"v2","kid":…,"ct":…}}. */
    void seal(Object value, SerializerProvider provider) throws IOException {
        try {
            write(value, provider);
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    /** What went wrong inside the sealing, if anything, before Jackson wrapped it (e.g. an erased subject). */
    RuntimeException failure() {
        return failure;
    }

    private RuntimeException failed(RuntimeException e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }

    private void write(Object value, SerializerProvider provider) throws IOException {
        String field = getOutputContext().getCurrentName();
        try {
            if (valueJson == null) {
                valueJson = factory.createGenerator(plaintext, JsonEncoding.UTF8);
                provider.getConfig().initialize(valueJson);
                // each value is a root value of its own: no separator between them
                valueJson.setRootValueSeparator(null);
            }
            provider.defaultSerializeValue(value, valueJson);
            valueJson.flush();
            if (key == null) {
                key = keys.get();
            }
            EncryptedField encrypted = FieldCipher.encrypt(key, field, event, plaintext.bytes(), plaintext.size(),
                    nonces == null ? null : nonces.get());
            delegate.writeStartObject();
            delegate.writeStringField(EncryptedField.FORMAT_FIELD, encrypted.version());
            delegate.writeStringField(EncryptedField.KEY_ID_FIELD, encrypted.keyId());
            delegate.writeFieldName(EncryptedField.CIPHERTEXT_FIELD);
            delegate.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, encrypted.sealed(), 0, encrypted.sealed().length);
            delegate.writeEndObject();
            sealed++;
        } finally {
            plaintext.wipe();
        }
    }

    /** Whether the root was an object (and so carries the event identifier). */
    boolean isSealedForEvent() {
        return sealedFor;
    }

    int sealedValues() {
        return sealed;
    }

    @Override
    public void close() throws IOException {
        try {
            if (valueJson != null) {
                valueJson.close();
            }
        } finally {
            super.close();
        }
    }

    @Override
    public void writeStartObject() throws IOException {
        super.writeStartObject();
        sealForEvent();
    }

    @Override
    public void writeStartObject(Object forValue) throws IOException {
        super.writeStartObject(forValue);
        sealForEvent();
    }

    @Override
    public void writeStartObject(Object forValue, int size) throws IOException {
        super.writeStartObject(forValue, size);
        sealForEvent();
    }

    @Override
    public void writeFieldName(String name) throws IOException {
        refuseSecondEventId(name);
        super.writeFieldName(name);
    }

    @Override
    public void writeFieldName(SerializableString name) throws IOException {
        refuseSecondEventId(name.getValue());
        super.writeFieldName(name);
    }

    // the event id first, where a reader (or a person) sees it before the fields it binds
    private void sealForEvent() throws IOException {
        if (!sealedFor && getOutputContext().getParent().inRoot()) {
            sealedFor = true;
            delegate.writeStringField(ShreddingCodec.EVENT_ID_FIELD, event.eventId());
        }
    }

    private void refuseSecondEventId(String name) {
        if (ShreddingCodec.EVENT_ID_FIELD.equals(name) && getOutputContext().getParent() != null
                && getOutputContext().getParent().inRoot()) {
            throw failed(new PersonalDataIntegrityException(event.eventType(), ShreddingCodec.EVENT_ID_FIELD,
                    "is already sealed for an event"));
        }
    }

    /** The plaintext JSON of one value, overwritten once sealed so that it does not linger on the heap. */
    private static final class PlaintextBuffer extends ByteArrayOutputStream {

        PlaintextBuffer() {
            super(256);
        }

        byte[] bytes() {
            return buf;
        }

        void wipe() {
            Arrays.fill(buf, 0, count, (byte) 0);
            reset();
        }
    }
}
