package dev.lethe.shredding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.contract.Personal;

/**
 * Jackson (2) support for {@link Personal}: a known value is written as the plain value, so the plaintext
 * JSON of an event looks as if {@code Personal} were not there; an erased value is written as the marker
 * {@code {"lethe:erased":true}}. Reading is contextual: {@code Personal<LocalDate>} reads its value as a
 * {@code LocalDate}.
 *
 * <p>This module alone writes personal data in the clear; events reach storage through the
 * {@link ShreddingCodec}, which encrypts the {@code @PersonalData} components of that plaintext form.
 */
public final class PersonalDataModule extends SimpleModule {

    public static final String ERASED_MARKER = "lethe:erased";

    @SuppressWarnings({"unchecked", "rawtypes"})
    public PersonalDataModule() {
        super("lethe-personal-data");
        addSerializer((Class) Personal.class, new PersonalSerializer());
        addDeserializer((Class) Personal.class, new PersonalDeserializer());
    }

    public static ObjectNode erasedMarker() {
        return JsonNodeFactory.instance.objectNode().put(ERASED_MARKER, true);
    }

    public static boolean isErasedMarker(JsonNode node) {
        return node != null && node.isObject() && node.size() == 1
                && node.path(ERASED_MARKER).isBoolean() && node.get(ERASED_MARKER).booleanValue();
    }
}
