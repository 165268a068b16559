package dev.lethe.command.ingress.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.contract.customer.ErasureReason;
import dev.lethe.contract.customer.RestrictionReason;
import dev.lethe.contract.hold.LegalHoldBasis;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The published JSON Schema is what producers in other languages code against: it must match the service. */
class CommandEnvelopeSchemaTest {

    private static JsonNode schema;

    @BeforeAll
    static void readSchema() throws Exception {
        try (InputStream in = CommandEnvelopeSchemaTest.class.getResourceAsStream("/lethe/command-envelope.schema.json")) {
            schema = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void theSchemaNamesExactlyTheCommandTypesTheServiceAccepts() {
        assertThat(strings(schema.at("/properties/type/enum")))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(CommandType.values()).map(Enum::name).toList());
    }

    @Test
    void theSchemaDescribesThePayloadOfEveryCommandType() {
        for (CommandType type : CommandType.values()) {
            assertThat(schema.at("/allOf").findValuesAsText("const")).contains(type.name());
        }
    }

    @Test
    void theSchemaListsTheSameErasureAndRestrictionReasons() {
        assertThat(strings(schema.at("/$defs/EraseCustomer/properties/reason/enum")))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(ErasureReason.values()).map(Enum::name).toList());
        assertThat(strings(schema.at("/$defs/RestrictProcessing/properties/reason/enum")))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(RestrictionReason.values()).map(Enum::name).toList());
        assertThat(strings(schema.at("/$defs/PlaceLegalHold/properties/basis/enum")))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(LegalHoldBasis.values()).map(Enum::name).toList());
    }

    @Test
    void theSchemaAllowsExactlyTheContactFieldsThatPurposesCanPermit() {
        List<String> registerFields = new ArrayList<>();
        schema.at("/$defs/RegisterCustomer/properties").fieldNames().forEachRemaining(registerFields::add);
        assertThat(registerFields).containsExactlyInAnyOrderElementsOf(
                concat(List.of("sourceCustomerId", "consent"), CommandFactory.CONTACT_FIELDS));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
