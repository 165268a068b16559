package dev.lethe.shredding;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.crypto.AEADBadTagException;

/**
 * Turns events into their stored JSON with every {@code @PersonalData} component encrypted under the data
 * subject's key, and back, with {@link dev.lethe.contract.Personal#erased()} wherever the key is gone.
 *
 * <p>Every field written is sealed for one event (format v2): its associated data holds the event's identifier
 * and payload type, and the payload names the identifier in {@link #EVENT_ID_FIELD}, so a ciphertext moved into
 * another event, or a payload moved under another event's identifier, fails. Fields of format v1 (written
 * before) are still read.
 *
 * <p>Events are encrypted while Jackson writes them ({@link SealingGenerator}) and decrypted while it reads them
 * ({@link UnsealingParser}), without trees. The tree-level methods write and read the same bytes; they take the
 * JSON property names explicitly, so upcasters (which see revisions whose classes no longer exist) can decrypt,
 * change and re-encrypt personal fields.
 */
public final class ShreddingCodec {

    /**
     * Top-level member of a v2 payload: the identifier of the event its personal fields are sealed for. Readers
     * that know the event's identifier compare; others (a consumer reading a payload alone) decrypt with it.
     */
    public static final String EVENT_ID_FIELD = "lethe:eid";

    // The event id is the payload's own member, not the event's: a mapper that refuses unknown properties reads it
    // anyway (the tree-based reading took it out of the tree first).
    private static final DeserializationProblemHandler EVENT_ID_IS_NO_PROPERTY = new DeserializationProblemHandler() {
        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser parser,
                                             JsonDeserializer<?> deserializer, Object beanOrClass,
                                             String propertyName) throws IOException {
            if (!EVENT_ID_FIELD.equals(propertyName)) {
                return false;
            }
            parser.skipChildren();
            return true;
        }
    };

    private final ObjectMapper mapper;
    private final KeyVault vault;
    private final ObjectWriter writer;
    // for the personal values, written and read while the event's own generator or parser holds this thread's
    // buffers: a pool of their own, or each value would allocate fresh ones
    private final JsonFactory valueFactory;
    private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();
    // null in production: every field draws a fresh random nonce
    private final Supplier<byte[]> testNonces;

    public ShreddingCodec(ObjectMapper mapper, KeyVault vault) {
        this(mapper, vault, null);
    }

    /** For tests that pin the exact stored bytes: nonces from {@code testNonces}, never for real data. */
    ShreddingCodec(ObjectMapper mapper, KeyVault vault, Supplier<byte[]> testNonces) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.vault = Objects.requireNonNull(vault, "vault");
        this.writer = mapper.writer();
        this.valueFactory = mapper.getFactory().copy().setRecyclerPool(JsonRecyclerPools.newConcurrentDequePool());
        this.testNonces = testNonces;
    }

    public ObjectMapper objectMapper() {
        return mapper;
    }

    /**
     * The stored JSON bytes of the event, personal fields encrypted (data keys created on first use) and sealed
     * for the event with the given identifier (format v2).
     */
    public byte[] encrypt(Object event, String eventId) {
        PersonalFields fields = PersonalFields.of(event.getClass());
        String typeName = event.getClass().getName();
        try {
            if (!fields.hasPersonalData()) {
                byte[] plain = writer.writeValueAsBytes(event);
                if (plain.length == 0 || plain[0] != '{') {
                    throw new ShreddingException(typeName + " is not written as a JSON object");
                }
                return plain;
            }
            return seal(event, fields, new EventBinding(eventId, typeName));
        } catch (IOException e) {
            throw new ShreddingException("could not write " + typeName, e);
        }
    }

    private byte[] seal(Object event, PersonalFields fields, EventBinding binding) throws IOException {
        PersonalAccessors accessors = PersonalAccessors.of(fields.type());
        String subjectIdField = fields.requiredSubjectIdField();
        // a stored registration is ~1.1 kB: one segment, no growing
        ByteArrayBuilder out = new ByteArrayBuilder(2048);
        JsonGenerator json = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8);
        try (SealingGenerator sealing = new SealingGenerator(json, valueFactory, binding,
                fields.personalFields(),
                () -> vault.dataKeyFor(subjectId(accessors.subjectId(event), binding.eventType(), subjectIdField)),
                testNonces)) {
            try {
                writer.writeValue(sealing, event);
            } catch (IOException | RuntimeException e) {
                throw rethrown(sealing.failure(), e);
            }
            if (!sealing.isSealedForEvent()) {
                throw new ShreddingException(binding.eventType() + " is not written as a JSON object");
            }
            if (sealing.sealedValues() != accessors.valuesToSeal(event)) {
                // a mapper without the PersonalDataModule writes Personal values as plain beans
                throw new ShreddingException(binding.eventType() + " was written with personal values not encrypted:"
                        + " the codec's ObjectMapper must carry the PersonalDataModule");
            }
        }
        return out.toByteArray();
    }

    public ObjectNode encryptToTree(Object event, String eventId) {
        PersonalFields fields = PersonalFields.of(event.getClass());
        JsonNode plaintext = mapper.valueToTree(event);
        if (!plaintext.isObject()) {
            throw new ShreddingException(event.getClass().getName() + " is not written as a JSON object");
        }
        return encryptTree((ObjectNode) plaintext, fields, eventId);
    }

    public ObjectNode encryptTree(ObjectNode plaintext, Class<?> type, String eventId) {
        return encryptTree(plaintext.deepCopy(), PersonalFields.of(type), eventId);
    }

    /**
     * For upcasters, which see revisions whose classes no longer exist.
     *
     * @param typeName the payload type the event is stored under (bound into every field's associated data)
     */
    public ObjectNode encryptTree(ObjectNode plaintext, String typeName, String subjectIdField,
                                  Collection<String> personalFields, String eventId) {
        return encryptFields(plaintext.deepCopy(), new EventBinding(eventId, typeName), subjectIdField,
                personalFields);
    }

    private ObjectNode encryptTree(ObjectNode tree, PersonalFields fields, String eventId) {
        if (!fields.hasPersonalData()) {
            return tree;
        }
        return encryptFields(tree, new EventBinding(eventId, fields.type().getName()),
                fields.requiredSubjectIdField(), fields.personalFields());
    }

    private ObjectNode encryptFields(ObjectNode plaintext, EventBinding event, String subjectIdField,
                                     Collection<String> personalFields) {
        String typeName = event.eventType();
        if (plaintext.has(EVENT_ID_FIELD)) {
            throw new PersonalDataIntegrityException(typeName, EVENT_ID_FIELD, "is already sealed for an event");
        }
        // the event id first, where a reader (or a person) sees it before the fields it binds
        ObjectNode tree = plaintext.objectNode().put(EVENT_ID_FIELD, event.eventId());
        tree.setAll(plaintext);
        DataKey key = null;
        for (String field : personalFields) {
            JsonNode value = tree.get(field);
            if (value == null || value.isNull() || PersonalDataModule.isErasedMarker(value)) {
                continue;
            }
            if (EncryptedField.isEnvelope(value)) {
                throw new PersonalDataIntegrityException(typeName, field, "is already encrypted");
            }
            if (key == null) {
                key = vault.dataKeyFor(subjectId(tree, typeName, subjectIdField));
            }
            byte[] plaintextBytes = writeBytes(value, typeName, field);
            try {
                tree.set(field, FieldCipher.encrypt(key, field, event, plaintextBytes, plaintextBytes.length,
                        testNonces == null ? null : testNonces.get()).toJson());
            } finally {
                Arrays.fill(plaintextBytes, (byte) 0);
            }
        }
        return tree;
    }

    /** Reads a payload whose event identifier is not known: v2 fields are read for the event they name. */
    public <T> T decrypt(byte[] stored, Class<T> type) {
        return decrypt(stored, type, null);
    }

    /**
     * @param eventId the identifier of the event the payload was stored or published as; a payload sealed for
     *                another event is refused. {@code null} when the reader does not know it
     */
    public <T> T decrypt(byte[] stored, Class<T> type, String eventId) {
        PersonalFields fields = PersonalFields.of(type);
        ObjectReader reader = readers.computeIfAbsent(type,
                readable -> mapper.readerFor(readable).withHandler(EVENT_ID_IS_NO_PROPERTY));
        try {
            if (!fields.hasPersonalData()) {
                try (JsonParser parser = reader.createParser(stored)) {
                    requireObject(parser, type.getName());
                    return reader.readValue(parser);
                }
            }
            return unseal(stored, fields, reader, eventId);
        } catch (StreamReadException e) {
            throw new ShreddingException("stored " + type.getName() + " is not valid JSON: "
                    + e.getClass().getSimpleName());
        } catch (JsonProcessingException e) {
            throw unreadable(type, e);
        } catch (IOException e) {
            throw new ShreddingException("could not read " + type.getName() + ": " + e.getClass().getSimpleName());
        }
    }

    private <T> T unseal(byte[] stored, PersonalFields fields, ObjectReader reader, String expectedEventId)
            throws IOException {
        String typeName = fields.type().getName();
        String subjectIdField = fields.requiredSubjectIdField();
        // a first, cheap pass over the top level (no values built; a v2 payload names its event first) for the
        // event and the subject, which the fields' associated data and key need whatever their order
        boolean sealed = false;
        JsonToken sealedForToken = null;
        String sealedFor = null;
        boolean subjectSeen = false;
        String subject = null;
        try (JsonParser scan = reader.createParser(stored)) {
            requireObject(scan, typeName);
            while (scan.nextToken() == JsonToken.FIELD_NAME && !(sealed && subjectSeen)) {
                String name = scan.currentName();
                JsonToken value = scan.nextToken();
                if (EVENT_ID_FIELD.equals(name)) {
                    sealed = true;
                    sealedForToken = value;
                    sealedFor = value == JsonToken.VALUE_STRING ? scan.getText() : null;
                } else if (subjectIdField.equals(name)) {
                    subjectSeen = true;
                    subject = value == JsonToken.VALUE_STRING ? scan.getText() : null;
                }
                scan.skipChildren();
            }
        }
        EventBinding event = sealed ? sealedFor(sealedForToken == JsonToken.VALUE_STRING ? sealedFor : null,
                typeName, expectedEventId) : null;
        String subjectId = subject;
        try (UnsealingParser parser = new UnsealingParser(reader.createParser(stored), valueFactory, typeName,
                fields.personalFields(), event,
                () -> vault.existingDataKey(subjectId(subjectId, typeName, subjectIdField)))) {
            try {
                return reader.readValue(parser);
            } catch (IOException | RuntimeException e) {
                throw rethrown(parser.failure(), e);
            }
        }
    }

    /**
     * Jackson wraps what a serializer or deserializer throws: the codec's own failure (an erased subject, an
     * unreachable vault, an altered field) is rethrown as it was, so callers can still tell them apart.
     */
    private static IOException rethrown(RuntimeException own, Exception thrown) {
        if (own != null) {
            throw own;
        }
        if (thrown instanceof RuntimeException runtime) {
            throw runtime;
        }
        return (IOException) thrown;
    }

    private static void requireObject(JsonParser parser, String typeName) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new ShreddingException("stored " + typeName + " is not a JSON object");
        }
    }

    private static ShreddingException unreadable(Class<?> type, JsonProcessingException e) {
        // Jackson's message may quote the (now decrypted) input; keep only the location-free summary.
        return new ShreddingException("could not read " + type.getName() + " from its decrypted form ("
                + e.getClass().getSimpleName() + where(e) + ")");
    }

    public <T> T decrypt(JsonNode stored, Class<T> type) {
        return decrypt(stored, type, null);
    }

    public <T> T decrypt(JsonNode stored, Class<T> type, String eventId) {
        ObjectNode plaintext = decryptTree(stored, type, eventId);
        try {
            return mapper.treeToValue(plaintext, type);
        } catch (JsonProcessingException e) {
            throw unreadable(type, e);
        }
    }

    /**
     * The plaintext tree (the event's JSON as if it had never been encrypted): personal fields decrypted, or the
     * erased marker where the key is gone.
     */
    public ObjectNode decryptTree(JsonNode stored, Class<?> type) {
        return decryptTree(stored, type, null);
    }

    /** As {@link #decryptTree(JsonNode, Class)}, refusing a payload sealed for another event than {@code eventId}. */
    public ObjectNode decryptTree(JsonNode stored, Class<?> type, String eventId) {
        ObjectNode tree = requireObject(stored, type.getName());
        PersonalFields fields = PersonalFields.of(type);
        if (!fields.hasPersonalData()) {
            return tree;
        }
        return decryptFields(tree, type.getName(), fields.requiredSubjectIdField(), fields.personalFields(),
                eventId);
    }

    /**
     * For upcasters.
     *
     * @param typeName the payload type the event is stored under
     * @param eventId  the event's identifier, or {@code null} if not known
     */
    public ObjectNode decryptTree(JsonNode stored, String typeName, String subjectIdField,
                                  Collection<String> personalFields, String eventId) {
        return decryptFields(requireObject(stored, typeName), typeName, subjectIdField, personalFields, eventId);
    }

    private ObjectNode decryptFields(ObjectNode tree, String typeName, String subjectIdField,
                                     Collection<String> personalFields, String expectedEventId) {
        EventBinding event = sealedFor(tree, typeName, expectedEventId);
        Optional<DataKey> key = null;
        for (String field : personalFields) {
            JsonNode value = tree.get(field);
            if (value == null || value.isNull() || PersonalDataModule.isErasedMarker(value)) {
                continue;
            }
            if (!EncryptedField.isEnvelope(value)) {
                throw new PersonalDataIntegrityException(typeName, field, "is stored unencrypted");
            }
            EncryptedField encrypted = parse(value, typeName, field);
            if (encrypted.isBoundToEvent() != (event != null)) {
                // v2 payloads name their event and hold v2 fields only: an unbound v1 field in one was put there
                throw new PersonalDataIntegrityException(typeName, field, event == null
                        ? "is sealed for an event, but the payload names none"
                        : "is of the unbound format v1 inside a payload sealed for an event");
            }
            if (key == null) {
                key = vault.existingDataKey(subjectId(tree, typeName, subjectIdField));
            }
            if (key.isEmpty()) {
                tree.set(field, PersonalDataModule.erasedMarker());
            } else if (!key.get().keyId().equals(encrypted.keyId())) {
                // A subject has one key id for life (none is issued after erasure), so this came from elsewhere.
                throw new PersonalDataIntegrityException(typeName, field,
                        "was encrypted with a key that is not its data subject's");
            } else {
                tree.set(field, decryptField(key.get(), encrypted, event, typeName, field));
            }
        }
        return tree;
    }

    /**
     * The event a v2 payload is sealed for, taken out of the tree; null for a payload written before v2. A reader
     * that knows the event's identifier refuses a payload that names another one (moved whole under another id).
     */
    private static EventBinding sealedFor(ObjectNode tree, String typeName, String expectedEventId) {
        JsonNode sealedFor = tree.remove(EVENT_ID_FIELD);
        if (sealedFor == null) {
            return null;
        }
        return sealedFor(sealedFor.isTextual() ? sealedFor.textValue() : null, typeName, expectedEventId);
    }

    /** @param sealedFor the payload's event identifier if it is text, else null */
    private static EventBinding sealedFor(String sealedFor, String typeName, String expectedEventId) {
        if (sealedFor == null || sealedFor.isBlank()) {
            throw new PersonalDataIntegrityException(typeName, EVENT_ID_FIELD, "is not an event identifier");
        }
        if (expectedEventId != null && !expectedEventId.equals(sealedFor)) {
            throw new PersonalDataIntegrityException(typeName, EVENT_ID_FIELD,
                    "names another event than the one it was read as: the payload was moved");
        }
        return new EventBinding(sealedFor, typeName);
    }

    private JsonNode decryptField(DataKey key, EncryptedField encrypted, EventBinding event, String typeName,
                                  String field) {
        byte[] plaintext;
        try {
            plaintext = FieldCipher.decrypt(key, field, event, encrypted);
        } catch (AEADBadTagException e) {
            throw new PersonalDataIntegrityException(typeName, field,
                    "failed authentication: altered, or moved from another field, event or data subject");
        }
        try {
            return mapper.readTree(plaintext);
        } catch (IOException e) {
            throw new PersonalDataIntegrityException(typeName, field, "decrypts to something that is not JSON");
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private static String where(JsonProcessingException e) {
        return e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping
                ? " at " + mapping.getPathReference() : "";
    }

    private static EncryptedField parse(JsonNode value, String typeName, String field) {
        try {
            return EncryptedField.fromJson(value);
        } catch (IllegalArgumentException e) {
            throw new PersonalDataIntegrityException(typeName, field, e.getMessage());
        }
    }

    private static String subjectId(ObjectNode tree, String typeName, String subjectIdField) {
        JsonNode subject = tree.get(subjectIdField);
        return subjectId(subject != null && subject.isTextual() ? subject.textValue() : null, typeName,
                subjectIdField);
    }

    private static String subjectId(String subject, String typeName, String subjectIdField) {
        if (subject == null || subject.isBlank()) {
            throw new ShreddingException(typeName + " holds personal data but no subject id in '"
                    + subjectIdField + "'");
        }
        return subject;
    }

    private byte[] writeBytes(JsonNode value, String typeName, String field) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new ShreddingException("could not write personal field '" + field + "' of " + typeName);
        }
    }

    private static ObjectNode requireObject(JsonNode stored, String typeName) {
        if (stored == null || !stored.isObject()) {
            throw new ShreddingException("stored " + typeName + " is not a JSON object");
        }
        return ((ObjectNode) stored).deepCopy();
    }
}
