package dev.lethe.command.ingress.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.command.customer.CommandRejectedException;
import dev.lethe.command.ingress.PolicyProperties;
import dev.lethe.contract.consent.GrantConsent;
import dev.lethe.contract.customer.RegisterCustomer;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract addition of the suppression feature: a registration may carry the consent it was collected with.
 * The golden envelope is the documented example (docs/suppression.md) and must keep being accepted as it is.
 */
class RegistrationConsentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final CommandFactory factory = new CommandFactory(new SenderPolicy(new PolicyProperties(
            Map.of("lead", new PolicyProperties.PurposeRule(Set.of("name", "email"))),
            Map.of("crm", new PolicyProperties.SourceRule(Set.of("lead"), Set.of("RegisterCustomer", "GrantConsent")),
                    "import", new PolicyProperties.SourceRule(Set.of("lead"), Set.of("RegisterCustomer"))))), null);

    @Test
    void theGoldenEnvelopeRegistersWithTheConsentForItsPurpose() throws Exception {
        ValidatedCommand command = factory.create(envelope(golden()));

        RegisterCustomer registration = (RegisterCustomer) command.command();
        assertThat(registration.contactDetails().email()).isEqualTo("erika@example.org");
        assertThat(command.consent()).isEqualTo(new GrantConsent(registration.customerId(), "lead", "web-form", "v4",
                Instant.parse("2027-02-01T10:00:00Z")));
        assertThat(command.routedTo("linked-customer", registration).consent().customerId())
                .as("the consent follows identity resolution to the customer the registration ends with")
                .isEqualTo("linked-customer");
    }

    @Test
    void aRegistrationWithoutConsentCarriesNone() throws Exception {
        ObjectNode json = golden();
        ((ObjectNode) json.get("payload")).remove("consent");

        assertThat(factory.create(envelope(json)).consent()).isNull();
    }

    @Test
    void aSourceWithoutConsentRightsCannotSlipConsentIntoARegistration() throws Exception {
        ObjectNode json = golden();
        json.put("source", "import");

        assertThatThrownBy(() -> factory.create(envelope(json))).isInstanceOfSatisfying(CommandRejectedException.class,
                rejected -> {
                    assertThat(rejected.code().name()).isEqualTo("SOURCE_NOT_AUTHORISED");
                    assertThat(rejected.field()).isEqualTo("type");
                });
    }

    @Test
    void anUnknownMemberOfTheConsentIsRefusedByItsPath() throws Exception {
        ObjectNode json = golden();
        ((ObjectNode) json.at("/payload/consent")).put("ipAddress", "192.0.2.1");

        assertThatThrownBy(() -> factory.create(envelope(json))).isInstanceOfSatisfying(CommandRejectedException.class,
                rejected -> {
                    assertThat(rejected.code().name()).isEqualTo("UNKNOWN_FIELD");
                    assertThat(rejected.field()).isEqualTo("payload.consent.ipAddress");
                    assertThat(rejected.getMessage()).doesNotContain("192.0.2.1");
                });
    }

    private static ObjectNode golden() throws Exception {
        try (InputStream in = RegistrationConsentTest.class.getResourceAsStream(
                "/golden/RegisterCustomer-with-consent.envelope.json")) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    private static Envelope envelope(ObjectNode json) {
        return new Envelope(json.get("commandId").asText(), json, json.toString().length());
    }
}
