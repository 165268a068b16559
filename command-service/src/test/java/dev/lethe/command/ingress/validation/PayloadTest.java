package dev.lethe.command.ingress.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.command.customer.CommandRejectedException;
import dev.lethe.contract.customer.PostalAddress;
import dev.lethe.contract.envelope.Rejection;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayloadTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} is stored as {1}")
    @CsvSource({
            "'+49 30 1234567', +49301234567",
            "'0049 (30) 123-4567', +49301234567",
            "'+1 415.555.0100', +14155550100"})
    void phoneNumbersAreNormalisedToE164(String given, String stored) throws Exception {
        assertThat(payload("{\"phone\":\"" + given + "\"}").phone("phone")).isEqualTo(stored);
    }

    @ParameterizedTest
    @CsvSource({"'030 1234567'", "'+12'", "'call me'"})
    void phoneNumbersWithoutCountryCodeAreRejectedWithoutEchoingThem(String given) throws Exception {
        assertThatThrownBy(() -> payload("{\"phone\":\"" + given + "\"}").phone("phone"))
                .isInstanceOfSatisfying(CommandRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo(Rejection.INVALID_PHONE);
                    assertThat(e.field()).isEqualTo("payload.phone");
                    assertThat(e.getMessage()).doesNotContain(given);
                });
    }

    @Test
    void anEmailKeepsItsLocalPartAndLowerCasesItsDomain() throws Exception {
        assertThat(payload("{\"email\":\" Erika.M@Example.ORG \"}").email("email")).isEqualTo("Erika.M@example.org");
    }

    @Test
    void anEmailWithoutDomainIsRejected() {
        assertThatThrownBy(() -> payload("{\"email\":\"erika@localhost\"}").email("email"))
                .isInstanceOfSatisfying(CommandRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(Rejection.INVALID_EMAIL));
    }

    @Test
    void aPostalAddressNeedsEveryPartAndAnIsoCountryCode() throws Exception {
        assertThat(payload("{\"a\":{\"street\":\"Hauptstr. 1\",\"postalCode\":\"10115\",\"city\":\"Berlin\",\"country\":\"DE\"}}")
                .postalAddress("a")).isEqualTo(new PostalAddress("Hauptstr. 1", "10115", "Berlin", "DE"));
        assertThatThrownBy(() -> payload("{\"a\":{\"street\":\"Hauptstr. 1\",\"postalCode\":\"10115\",\"city\":\"Berlin\",\"country\":\"Germany\"}}")
                .postalAddress("a"))
                .isInstanceOfSatisfying(CommandRejectedException.class, e -> assertThat(e.field()).isEqualTo("payload.a.country"));
        assertThatThrownBy(() -> payload("{\"a\":{\"street\":\"Hauptstr. 1\",\"city\":\"Berlin\",\"country\":\"DE\"}}")
                .postalAddress("a"))
                .isInstanceOfSatisfying(CommandRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo(Rejection.MISSING_FIELD);
                    assertThat(e.field()).isEqualTo("payload.a.postalCode");
                });
    }

    @Test
    void aBirthDateMustBeAnIsoDate() throws Exception {
        assertThat(payload("{\"birthDate\":\"1964-08-12\"}").date("birthDate")).isEqualTo(LocalDate.of(1964, 8, 12));
        assertThatThrownBy(() -> payload("{\"birthDate\":\"12.08.1964\"}").date("birthDate"))
                .isInstanceOfSatisfying(CommandRejectedException.class,
                        e -> assertThat(e.code()).isEqualTo(Rejection.INVALID_DATE));
    }

    @Test
    void aNumberWhereTextBelongsIsAnInvalidField() {
        assertThatThrownBy(() -> payload("{\"name\":42}").optionalText("name"))
                .isInstanceOfSatisfying(CommandRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo(Rejection.INVALID_FIELD);
                    assertThat(e.getMessage()).isEqualTo("payload.name must be a string");
                });
    }

    @Test
    void fieldsThatWereNotReadAreUnknown() throws Exception {
        Payload payload = payload("{\"name\":\"Erika\",\"ssn\":\"123\"}");
        payload.optionalText("name");

        assertThatThrownBy(payload::rejectUnknownFields)
                .isInstanceOfSatisfying(CommandRejectedException.class, e -> {
                    assertThat(e.code()).isEqualTo(Rejection.UNKNOWN_FIELD);
                    assertThat(e.field()).isEqualTo("payload.ssn");
                });
    }

    private static Payload payload(String json) throws Exception {
        return new Payload((ObjectNode) JSON.readTree(json), "payload");
    }
}
