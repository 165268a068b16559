package dev.lethe.shredding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.axonframework.common.ObjectUtils;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Axon {@link Serializer} that encrypts the {@code @PersonalData} components of the objects it writes and
 * decrypts (or erases) them when it reads. Objects without personal data, metadata and tokens go to the
 * wrapped {@link JacksonSerializer} unchanged; types, revisions and converters are the wrapped serializer's,
 * so upcasters see the usual JSON, with personal fields in their encrypted form.
 *
 * <p>Personal fields are sealed for their event (format v2), so an object with personal data is only serialized
 * as the payload of an event being stored, inside {@link EventSealing#sealingFor} (the storage engine does that
 * through {@link EventSealing#sealPayloads}); anywhere else it is refused rather than written unbound. A payload
 * read through {@link EventSealing#bound} is refused if it was sealed for another event.
 */
public final class ShreddingSerializer implements Serializer {

    private final JacksonSerializer delegate;
    private final ShreddingCodec codec;

    /** Wraps the given serializer; its ObjectMapper must carry the {@link PersonalDataModule}. */
    public ShreddingSerializer(JacksonSerializer delegate, KeyVault vault) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.codec = new ShreddingCodec(delegate.getObjectMapper(), vault);
    }

    /** With {@link LetheObjectMapper#create()} and Axon's defaults (annotation revisions, chaining converter). */
    public static ShreddingSerializer create(KeyVault vault) {
        return create(LetheObjectMapper.create(), vault);
    }

    public static ShreddingSerializer create(ObjectMapper mapper, KeyVault vault) {
        return new ShreddingSerializer(JacksonSerializer.builder().objectMapper(mapper).build(), vault);
    }

    public ShreddingCodec codec() {
        return codec;
    }

    public JacksonSerializer delegate() {
        return delegate;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        if (object == null || !PersonalFields.of(object.getClass()).hasPersonalData()) {
            return delegate.serialize(object, expectedRepresentation);
        }
        String eventId = EventSealing.currentEventId();
        if (eventId == null) {
            throw new ShreddingException(object.getClass().getName() + " holds personal data and is serialized"
                    + " outside the storing of its event: its fields could not be sealed for the event");
        }
        SerializedType type = typeForClass(ObjectUtils.nullSafeTypeOf(object));
        if (JsonNode.class.equals(expectedRepresentation)) {
            return new SimpleSerializedObject<>((T) codec.encryptToTree(object, eventId), expectedRepresentation,
                    type);
        }
        byte[] bytes = codec.encrypt(object, eventId);
        if (String.class.equals(expectedRepresentation)) {
            return new SimpleSerializedObject<>((T) new String(bytes, StandardCharsets.UTF_8),
                    expectedRepresentation, type);
        }
        return new SimpleSerializedObject<>(getConverter().convert(bytes, expectedRepresentation),
                expectedRepresentation, type);
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        if (SerializedType.isEmptyType(serializedObject.getType())) {
            return delegate.deserialize(serializedObject);
        }
        Class<?> type = classForType(serializedObject.getType());
        if (UnknownSerializedType.class.isAssignableFrom(type) || !PersonalFields.of(type).hasPersonalData()) {
            return delegate.deserialize(serializedObject);
        }
        // the identifier of the row it was read from, if the store said so: a payload sealed for another is refused
        String eventId = serializedObject instanceof EventSealing.StoredPayload<?> stored ? stored.eventId() : null;
        if (JsonNode.class.equals(serializedObject.getContentType())) {
            return (T) codec.decrypt((JsonNode) serializedObject.getData(), type, eventId);
        }
        byte[] bytes = getConverter().convert(serializedObject, byte[].class).getData();
        return (T) codec.decrypt(bytes, type, eventId);
    }

    @Override
    public Class classForType(SerializedType type) {
        return delegate.classForType(type);
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return delegate.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return delegate.getConverter();
    }

    @Override
    public String toString() {
        return "ShreddingSerializer[" + delegate.getClass().getSimpleName() + "]";
    }
}
