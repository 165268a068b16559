package dev.lethe.command.ingress.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.command.customer.CommandRejectedException;
import dev.lethe.command.ingress.PolicyProperties;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every record is checked against the published JSON Schema, and what it finds reaches the sender as one of the
 * contract's codes, by the field's path, in our own words: never a value that was sent.
 */
class EnvelopeSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Sent values the messages must never repeat. */
    private static final String SECRET = "Mustermann";

    @Test
    void theDocumentedEnvelopePassesTheSchema() throws Exception {
        assertThatCode(() -> EnvelopeSchema.check(golden())).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            type is unknown                | /type                         | NoSuchCommand                        | UNKNOWN_COMMAND_TYPE | type                     | type is not a known command type
            source is not a string         | /source                       | 42                                   | INVALID_FIELD        | source                   | source must be a string
            issuedAt has no seconds        | /issuedAt                     | 2027-02-01T10:05Z                    | INVALID_DATE         | issuedAt                 | issuedAt must be an instant as 2026-11-28T10:00:00Z
            birthDate is no date           | /payload/birthDate            | Mustermann                           | INVALID_DATE         | payload.birthDate        | payload.birthDate must be a date as YYYY-MM-DD
            phone is longer than published | /payload/phone                | +49 30 123 Mustermann Mustermann 45  | INVALID_FIELD        | payload.phone            | payload.phone must be at most 32 characters
            an unknown payload field       | /payload/Mustermann           | x                                    | UNKNOWN_FIELD        | payload.Mustermann       | payload.Mustermann is not a field of this command
            country is no ISO code         | /payload/postalAddress        | {"street":"a","postalCode":"1","city":"c","country":"Mustermann"} | INVALID_FIELD | payload.postalAddress.country | payload.postalAddress.country does not match the command envelope schema (pattern)
            """)
    void aFindingIsAnsweredWithTheContractsCodeAndNoSentValue(String problem, String pointer, String value,
                                                               String code, String field, String message) throws Exception {
        ObjectNode envelope = golden();
        set(envelope, pointer, value);

        assertThatThrownBy(() -> EnvelopeSchema.check(envelope)).as(problem)
                .isInstanceOfSatisfying(CommandRejectedException.class, rejected -> {
                    assertThat(rejected.code().name()).isEqualTo(code);
                    assertThat(rejected.field()).isEqualTo(field);
                    assertThat(rejected.getMessage()).isEqualTo(message);
                });
    }

    @Test
    void aMissingMemberIsNamedByItsOwnPath() throws Exception {
        ObjectNode envelope = golden();
        ((ObjectNode) envelope.at("/payload")).remove("sourceCustomerId");

        assertThatThrownBy(() -> EnvelopeSchema.check(envelope)).isInstanceOfSatisfying(CommandRejectedException.class,
                rejected -> {
                    assertThat(rejected.code().name()).isEqualTo("MISSING_FIELD");
                    assertThat(rejected.field()).isEqualTo("payload.sourceCustomerId");
                    assertThat(rejected.getMessage()).isEqualTo("payload.sourceCustomerId is required");
                });
    }

    @Test
    void anEnumFindingNamesTheAllowedValuesNotTheSentOne() throws Exception {
        ObjectNode envelope = golden();
        envelope.put("type", "EraseCustomer");
        envelope.set("payload", JSON.createObjectNode().put("customerId", "c-1").put("reason", SECRET));

        assertThatThrownBy(() -> EnvelopeSchema.check(envelope)).isInstanceOfSatisfying(CommandRejectedException.class,
                rejected -> {
                    assertThat(rejected.code().name()).isEqualTo("INVALID_FIELD");
                    assertThat(rejected.field()).isEqualTo("payload.reason");
                    assertThat(rejected.getMessage()).startsWith("payload.reason must be one of ")
                            .contains("DATA_SUBJECT_REQUEST").doesNotContain(SECRET);
                });
    }

    /**
     * Where the code alone would be more lenient than the published schema, the schema decides: a phone number with
     * so many separators that it is longer than the schema allows is refused, although it normalises to E.164.
     */
    @Test
    void whatTheSchemaForbidsIsRefusedEvenWhereTheHandWrittenChecksWouldPassIt() throws Exception {
        CommandFactory factory = new CommandFactory(new SenderPolicy(new PolicyProperties(
                Map.of("lead", new PolicyProperties.PurposeRule(Set.of("name", "email", "phone"))),
                Map.of("crm", new PolicyProperties.SourceRule(Set.of("lead"),
                        Set.of("RegisterCustomer", "GrantConsent"))))), null);
        ObjectNode envelope = golden();
        String spaced = "+49   30   1234   5678          9";
        ((ObjectNode) envelope.at("/payload")).put("phone", spaced);
        assertThat(dev.lethe.contract.customer.ContactFormats.phone(spaced)).as("the code alone would take it")
                .isPresent();

        assertThatThrownBy(() -> factory.create(new Envelope(envelope.get("commandId").asText(), envelope, 400)))
                .isInstanceOfSatisfying(CommandRejectedException.class, rejected -> {
                    assertThat(rejected.code().name()).isEqualTo("INVALID_FIELD");
                    assertThat(rejected.field()).isEqualTo("payload.phone");
                    assertThat(rejected.getMessage()).isEqualTo("payload.phone must be at most 32 characters");
                });
    }

    private static void set(ObjectNode envelope, String pointer, String value) throws Exception {
        int last = pointer.lastIndexOf('/');
        ObjectNode parent = (ObjectNode) envelope.at(pointer.substring(0, last));
        String name = pointer.substring(last + 1);
        if (value.startsWith("{") || value.matches("-?\\d+")) {
            parent.set(name, JSON.readTree(value));
        } else {
            parent.put(name, value);
        }
    }

    private static ObjectNode golden() throws Exception {
        try (InputStream in = EnvelopeSchemaTest.class.getResourceAsStream(
                "/golden/RegisterCustomer-with-consent.envelope.json")) {
            return (ObjectNode) JSON.readTree(in);
        }
    }
}
