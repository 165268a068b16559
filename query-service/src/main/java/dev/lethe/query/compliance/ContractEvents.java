package dev.lethe.query.compliance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.contract.ContractTypes;
import dev.lethe.shredding.PersonalDataModule;
import dev.lethe.shredding.PersonalFields;
import dev.lethe.shredding.ShreddingCodec;
import java.io.IOException;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Decrypts stored event copies where the person's key still exists; erased fields read as the erased marker. */
@Component
class ContractEvents {

    private final ShreddingCodec codec;

    ContractEvents(ShreddingCodec codec) {
        this.codec = codec;
    }

    Object decrypt(String type, byte[] stored) {
        return decrypt(type, stored, null);
    }

    /** @param eventId the copy's event id: a copy whose personal data was sealed for another event is refused */
    Object decrypt(String type, byte[] stored, String eventId) {
        return codec.decrypt(stored, ContractTypes.classOf(type), eventId);
    }

    /** The event as plain JSON values, personal fields decrypted or erased; refused if sealed for another event. */
    Decrypted decryptToMap(String type, byte[] stored, String eventId) {
        Class<?> contract = ContractTypes.classOf(type);
        ObjectNode tree = codec.decryptTree(readTree(stored), contract, eventId);
        boolean erased = PersonalFields.of(contract).personalFields().stream()
                .anyMatch(field -> PersonalDataModule.isErasedMarker(tree.get(field)));
        @SuppressWarnings("unchecked")
        Map<String, Object> details = codec.objectMapper().convertValue(tree, Map.class);
        return new Decrypted(details, erased);
    }

    record Decrypted(Map<String, Object> details, boolean erased) {
    }

    private JsonNode readTree(byte[] stored) {
        ObjectMapper mapper = codec.objectMapper();
        try {
            return mapper.readTree(stored);
        } catch (IOException e) {
            throw new IllegalStateException("stored event copy is not JSON");
        }
    }
}
