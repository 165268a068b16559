package dev.lethe.shredding;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.lethe.contract.DataSubjectId;
import dev.lethe.contract.Personal;
import dev.lethe.contract.PersonalData;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Where an event type keeps its subject id and its personal data, as JSON property names, read once per
 * class. Declarations that would let personal data bypass encryption fail here, naming the class and the
 * component.
 *
 * @param type           the event class
 * @param subjectIdField the {@code @DataSubjectId} component, if any
 * @param personalFields the {@code @PersonalData} components, in declaration order
 */
public record PersonalFields(Class<?> type, Optional<String> subjectIdField, List<String> personalFields) {

    private static final JsonFactory SCANNING = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final ClassValue<PersonalFields> CACHE = new ClassValue<>() {
        @Override
        protected PersonalFields computeValue(Class<?> type) {
            return inspect(type);
        }
    };

    public PersonalFields {
        personalFields = List.copyOf(personalFields);
    }

    /**
     * @throws IllegalArgumentException when the class declares personal data in a way that cannot be encrypted
     */
    public static PersonalFields of(Class<?> type) {
        return CACHE.get(type);
    }

    public boolean hasPersonalData() {
        return !personalFields.isEmpty();
    }

    /**
     * The names of this type's personal fields that hold a value (encrypted, or the erased marker) in a stored
     * payload, in declaration order: what an audit trail records, read by one streaming pass over the payload's
     * top level, without a tree, a decryption or a key. The whole payload is checked to be JSON, duplicate members
     * refused, as the codec reads it.
     *
     * @throws ShreddingException if the bytes are not a JSON object (the message quotes none of them)
     */
    public List<String> presentIn(byte[] stored) {
        if (personalFields.isEmpty()) {
            requireJsonObject(stored);
            return List.of();
        }
        Set<String> present = new HashSet<>();
        try (JsonParser parser = SCANNING.createParser(stored)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw notAnObject();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (parser.nextToken() != JsonToken.VALUE_NULL && personalFields.contains(name)) {
                    present.add(name);
                }
                parser.skipChildren();
            }
        } catch (IOException e) {
            throw notAnObject();
        }
        return personalFields.stream().filter(present::contains).toList();
    }

    private void requireJsonObject(byte[] stored) {
        try (JsonParser parser = SCANNING.createParser(stored)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw notAnObject();
            }
            parser.skipChildren();
        } catch (IOException e) {
            throw notAnObject();
        }
    }

    private ShreddingException notAnObject() {
        return new ShreddingException("stored " + type.getName() + " is not a JSON object");
    }

    /** The subject id component; only called for types with personal data, which always have one. */
    public String requiredSubjectIdField() {
        return subjectIdField.orElseThrow();
    }

    private static PersonalFields inspect(Class<?> type) {
        if (!type.isRecord()) {
            rejectPersonalFieldsOutsideRecords(type);
            return new PersonalFields(type, Optional.empty(), List.of());
        }
        List<String> subjectIds = new ArrayList<>();
        List<String> personal = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            boolean isPersonal = component.isAnnotationPresent(PersonalData.class);
            if (component.isAnnotationPresent(DataSubjectId.class)) {
                requireSubjectIdType(type, component);
                subjectIds.add(jsonName(component));
            }
            if (isPersonal != (component.getType() == Personal.class)) {
                throw invalid(type, component, isPersonal
                        ? "is @PersonalData but not of type Personal<T>"
                        : "is of type Personal<T> but not marked @PersonalData, so it would be stored in the clear");
            }
            if (isPersonal) {
                personal.add(jsonName(component));
            } else {
                rejectHiddenPersonalData(type, component, component.getGenericType(), new HashSet<>());
            }
        }
        if (subjectIds.size() > 1) {
            throw new IllegalArgumentException(type.getName() + " has more than one @DataSubjectId component "
                    + subjectIds + "; personal data must belong to exactly one data subject");
        }
        if (!personal.isEmpty() && subjectIds.isEmpty()) {
            throw new IllegalArgumentException(type.getName() + " has @PersonalData components " + personal
                    + " but no @DataSubjectId component to choose their key");
        }
        return new PersonalFields(type, subjectIds.stream().findFirst(), personal);
    }

    static String jsonName(RecordComponent component) {
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        return property != null && !property.value().isEmpty() ? property.value() : component.getName();
    }

    private static void requireSubjectIdType(Class<?> type, RecordComponent component) {
        if (component.getType() != String.class && component.getType() != UUID.class) {
            throw invalid(type, component, "is @DataSubjectId but neither a String nor a UUID");
        }
    }

    /** Personal values nested in collections or value objects would be written by Jackson in the clear. */
    private static void rejectHiddenPersonalData(Class<?> event, RecordComponent component, Type type,
                                                 Set<Type> seen) {
        if (!seen.add(type)) {
            return;
        }
        if (type instanceof ParameterizedType parameterized) {
            rejectHiddenPersonalData(event, component, parameterized.getRawType(), seen);
            for (Type argument : parameterized.getActualTypeArguments()) {
                rejectHiddenPersonalData(event, component, argument, seen);
            }
        } else if (type instanceof GenericArrayType array) {
            rejectHiddenPersonalData(event, component, array.getGenericComponentType(), seen);
        } else if (type instanceof WildcardType wildcard) {
            for (Type bound : wildcard.getUpperBounds()) {
                rejectHiddenPersonalData(event, component, bound, seen);
            }
        } else if (type instanceof Class<?> raw) {
            if (raw == Personal.class) {
                throw invalid(event, component, "holds Personal values nested inside it; only top-level "
                        + "@PersonalData components are encrypted");
            }
            if (raw.isArray()) {
                rejectHiddenPersonalData(event, component, raw.getComponentType(), seen);
            } else if (raw.isRecord()) {
                for (RecordComponent nested : raw.getRecordComponents()) {
                    if (nested.isAnnotationPresent(PersonalData.class)) {
                        throw invalid(event, component, "holds @PersonalData nested inside it; only top-level "
                                + "@PersonalData components are encrypted");
                    }
                    rejectHiddenPersonalData(event, component, nested.getGenericType(), seen);
                }
            }
        }
    }

    private static void rejectPersonalFieldsOutsideRecords(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.isAnnotationPresent(PersonalData.class)) {
                    throw new IllegalArgumentException(type.getName() + " declares @PersonalData field '"
                            + field.getName() + "'; personal data is supported on record components only");
                }
            }
        }
    }

    private static IllegalArgumentException invalid(Class<?> type, RecordComponent component, String problem) {
        return new IllegalArgumentException(type.getName() + " component '" + component.getName() + "' " + problem);
    }
}
