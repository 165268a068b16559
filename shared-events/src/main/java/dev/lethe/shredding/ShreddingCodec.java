package dev.lethe.shredding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.AEADBadTagException;

/**
 * Turns events into their stored JSON with every {@code @PersonalData} component encrypted under the data
 * subject's key, and back, with {@link dev.lethe.contract.Personal#erased()} wherever the key is gone.
 *
 * <p>The tree-level methods take the JSON property names explicitly, so upcasters (which see revisions
 * whose classes no longer exist) can decrypt, change and re-encrypt personal fields.
 */
public final class ShreddingCodec {

    private final ObjectMapper mapper;
    private final KeyVault vault;

    public ShreddingCodec(ObjectMapper mapper, KeyVault vault) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.vault = Objects.requireNonNull(vault, "vault");
    }

    public ObjectMapper objectMapper() {
        return mapper;
    }

    /** The stored JSON bytes of the event, personal fields encrypted (data keys created on first use). */
    public byte[] encrypt(Object event) {
        try {
            return mapper.writeValueAsBytes(encryptToTree(event));
        } catch (JsonProcessingException e) {
            throw new ShreddingException("could not write " + event.getClass().getName(), e);
        }
    }

    public ObjectNode encryptToTree(Object event) {
        PersonalFields fields = PersonalFields.of(event.getClass());
        JsonNode plaintext = mapper.valueToTree(event);
        if (!plaintext.isObject()) {
            throw new ShreddingException(event.getClass().getName() + " is not written as a JSON object");
        }
        return encryptTree((ObjectNode) plaintext, fields);
    }

    public ObjectNode encryptTree(ObjectNode plaintext, Class<?> type) {
        return encryptTree(plaintext.deepCopy(), PersonalFields.of(type));
    }

    public ObjectNode encryptTree(ObjectNode plaintext, String typeName, String subjectIdField,
                                  Collection<String> personalFields) {
        return encryptFields(plaintext.deepCopy(), typeName, subjectIdField, personalFields);
    }

    private ObjectNode encryptTree(ObjectNode tree, PersonalFields fields) {
        if (!fields.hasPersonalData()) {
            return tree;
        }
        return encryptFields(tree, fields.type().getName(), fields.requiredSubjectIdField(),
                fields.personalFields());
    }

    private ObjectNode encryptFields(ObjectNode tree, String typeName, String subjectIdField,
                                     Collection<String> personalFields) {
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
            byte[] plaintext = writeBytes(value, typeName, field);
            try {
                tree.set(field, FieldCipher.encrypt(key, field, plaintext).toJson());
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
        return tree;
    }

    public <T> T decrypt(byte[] stored, Class<T> type) {
        return decrypt(readTree(stored, type), type);
    }

    public <T> T decrypt(JsonNode stored, Class<T> type) {
        ObjectNode plaintext = decryptTree(stored, type);
        try {
            return mapper.treeToValue(plaintext, type);
        } catch (JsonProcessingException e) {
            // Jackson's message may quote the (now decrypted) input; keep only the location-free summary.
            throw new ShreddingException("could not read " + type.getName() + " from its decrypted form ("
                    + e.getClass().getSimpleName() + where(e) + ")");
        }
    }

    /** The plaintext tree: personal fields decrypted, or the erased marker where the key is gone. */
    public ObjectNode decryptTree(JsonNode stored, Class<?> type) {
        ObjectNode tree = requireObject(stored, type.getName());
        PersonalFields fields = PersonalFields.of(type);
        if (!fields.hasPersonalData()) {
            return tree;
        }
        return decryptFields(tree, type.getName(), fields.requiredSubjectIdField(), fields.personalFields());
    }

    public ObjectNode decryptTree(JsonNode stored, String typeName, String subjectIdField,
                                  Collection<String> personalFields) {
        return decryptFields(requireObject(stored, typeName), typeName, subjectIdField, personalFields);
    }

    private ObjectNode decryptFields(ObjectNode tree, String typeName, String subjectIdField,
                                     Collection<String> personalFields) {
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
                tree.set(field, decryptField(key.get(), encrypted, typeName, field));
            }
        }
        return tree;
    }

    private JsonNode decryptField(DataKey key, EncryptedField encrypted, String typeName, String field) {
        byte[] plaintext;
        try {
            plaintext = FieldCipher.decrypt(key, field, encrypted);
        } catch (AEADBadTagException e) {
            throw new PersonalDataIntegrityException(typeName, field,
                    "failed authentication: altered, or moved from another field or data subject");
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
        if (subject == null || !subject.isTextual() || subject.textValue().isBlank()) {
            throw new ShreddingException(typeName + " holds personal data but no subject id in '"
                    + subjectIdField + "'");
        }
        return subject.textValue();
    }

    private byte[] writeBytes(JsonNode value, String typeName, String field) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new ShreddingException("could not write personal field '" + field + "' of " + typeName);
        }
    }

    private JsonNode readTree(byte[] stored, Class<?> type) {
        try {
            return mapper.readTree(stored);
        } catch (IOException e) {
            throw new ShreddingException("stored " + type.getName() + " is not valid JSON: "
                    + e.getClass().getSimpleName());
        }
    }

    private static ObjectNode requireObject(JsonNode stored, String typeName) {
        if (stored == null || !stored.isObject()) {
            throw new ShreddingException("stored " + typeName + " is not a JSON object");
        }
        return ((ObjectNode) stored).deepCopy();
    }
}
