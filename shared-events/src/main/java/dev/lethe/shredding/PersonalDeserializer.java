package dev.lethe.shredding;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import dev.lethe.contract.Personal;
import java.io.IOException;

/**
 * Reads a {@code Personal<T>} as its contained type {@code T}, taken from the property (or the contextual
 * type, for a root value or a collection element). Refuses an encrypted value: it must go through the
 * {@link ShreddingCodec} (which reads an event's personal fields through an {@link UnsealingParser}), and binding it
 * as data by accident would be worse than failing.
 */
final class PersonalDeserializer extends StdDeserializer<Personal<?>> implements ContextualDeserializer {

    private final JavaType valueType;
    private final JsonDeserializer<Object> valueDeserializer;

    PersonalDeserializer() {
        this(null, null);
    }

    private PersonalDeserializer(JavaType valueType, JsonDeserializer<Object> valueDeserializer) {
        super(Personal.class);
        this.valueType = valueType;
        this.valueDeserializer = valueDeserializer;
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
            throws JsonMappingException {
        JavaType personalType = property != null ? property.getType() : ctxt.getContextualType();
        JavaType contained = personalType == null ? null : personalType.containedType(0);
        if (contained == null || contained.hasRawClass(Object.class)) {
            return ctxt.reportBadDefinition(Personal.class,
                    "Personal needs a concrete type argument, e.g. Personal<String>"
                            + (property != null ? " (property '" + property.getName() + "')" : ""));
        }
        return new PersonalDeserializer(contained, ctxt.findContextualValueDeserializer(contained, property));
    }

    @Override
    public Personal<?> deserialize(JsonParser parser, DeserializationContext ctxt) throws IOException {
        if (valueDeserializer == null) {
            return ctxt.reportBadDefinition(Personal.class, "Personal read without a contextual type");
        }
        if (parser instanceof UnsealingParser unsealing) {
            String field = unsealing.personalFieldAtParser();
            if (field != null) {
                return unsealing.unseal(field, valueDeserializer, ctxt);
            }
        }
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            return Personal.of(valueDeserializer.deserialize(parser, ctxt));
        }
        JsonNode node = ctxt.readTree(parser);
        if (PersonalDataModule.isErasedMarker(node)) {
            return Personal.erased();
        }
        if (EncryptedField.isEnvelope(node)) {
            return ctxt.reportInputMismatch(this,
                    "encrypted personal data must be decrypted by the ShreddingCodec before it is read");
        }
        return Personal.of(ctxt.readTreeAsValue(node, valueType));
    }
}
