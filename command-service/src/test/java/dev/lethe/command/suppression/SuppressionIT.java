package dev.lethe.command.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.command.support.CommandServiceIntegrationTest;
import dev.lethe.command.support.Commands;
import dev.lethe.command.support.TestCommand;
import dev.lethe.contract.consent.ConsentGranted;
import dev.lethe.shredding.BlindIndex;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * With {@code lethe.suppression.enabled}, an erased person's email and phone stop source systems from silently
 * registering them again, unless the registration carries consent given after the erasure.
 */
class SuppressionIT extends CommandServiceIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    BlindIndex blindIndex;
    @Autowired
    EventStore eventStore;

    private Commands commands;

    @BeforeEach
    void connect() {
        commands = new Commands(kafka, COMMANDS, kafka.read(RESULTS));
    }

    @Test
    void aSourceCannotSilentlyRegisterAnErasedPersonAgainAndNothingIsStored() {
        String email = TestCommand.uniqueEmail("forgotten");
        erase(commands.accepted(lead(email)), "DATA_SUBJECT_REQUEST");
        long eventsBefore = count("SELECT count(*) FROM event_store.domain_event_entry");
        long keysBefore = count("SELECT count(*) FROM key_vault.data_key");
        String reference = "again-" + UUID.randomUUID();

        JsonNode result = commands.send(TestCommand.registerLead(reference, "Erika", " " + email.toUpperCase(Locale.ROOT)));

        assertThat(result.get("status").asText()).isEqualTo("REJECTED");
        assertThat(result.get("code").asText()).isEqualTo("SUPPRESSED");
        assertThat(result.get("field").asText()).isEqualTo("payload.email");
        assertThat(result.get("message").asText().toLowerCase(Locale.ROOT)).doesNotContain(email);
        assertThat(count("SELECT count(*) FROM event_store.domain_event_entry")).isEqualTo(eventsBefore);
        assertThat(count("SELECT count(*) FROM key_vault.data_key")).isEqualTo(keysBefore);
        assertThat(count("SELECT count(*) FROM event_store.source_reference WHERE digest = ?",
                blindIndex.sourceRecord("crm", reference))).isZero();
        // the entry is the keyed hash under its own label: not the match key, not the plain value
        assertThat(count("SELECT count(*) FROM event_store.suppression WHERE kind = 'email' AND digest = ?",
                blindIndex.suppression("email", blindIndex.email(email)))).isOne();
        assertThat(count("SELECT count(*) FROM event_store.suppression WHERE digest = ?", blindIndex.email(email)))
                .isZero();
    }

    @Test
    void everyMergedMembersPhoneIsSuppressedWhateverTheErasureReason() {
        String survivor = commands.accepted(lead(TestCommand.uniqueEmail("survivor")));
        TestCommand shopper = TestCommand.registerErika("shop-" + UUID.randomUUID());
        String merged = commands.accepted(shopper);
        commands.accepted(TestCommand.of("MergeCustomers").from("crm").forPurpose("customer-service")
                .with("survivorId", survivor).with("mergedCustomerId", merged));
        erase(survivor, "RETENTION_EXPIRED");

        JsonNode samePhone = commands.send(TestCommand.registerErika("shop-" + UUID.randomUUID())
                .with("phone", shopper.payloadText("phone")));

        assertThat(samePhone.get("code").asText()).isEqualTo("SUPPRESSED");
        assertThat(samePhone.get("field").asText()).isEqualTo("payload.phone");
    }

    @Test
    void onlyConsentGivenAfterTheErasureLiftsTheEntry() {
        String email = TestCommand.uniqueEmail("returning");
        Instant beforeErasure = Instant.now().minus(1, ChronoUnit.DAYS);
        erase(commands.accepted(lead(email)), "DATA_SUBJECT_REQUEST");
        Instant now = Instant.now();

        JsonNode staleConsent = commands.send(lead(email).envelope("issuedAt", now.toString())
                .withConsent("web-form", "v3", beforeErasure.toString()));
        String returned = commands.accepted(lead(email).envelope("issuedAt", now.toString())
                .withConsent("web-form", "v4", now.toString()));

        assertThat(staleConsent.get("code").asText()).isEqualTo("SUPPRESSED");
        List<ConsentGranted> consents = eventStore.readEvents(returned).asStream()
                .map(event -> event.getPayload()).filter(ConsentGranted.class::isInstance)
                .map(ConsentGranted.class::cast).toList();
        assertThat(consents).singleElement().satisfies(consent -> {
            assertThat(consent.purpose()).isEqualTo("lead");
            assertThat(consent.consentTextVersion()).isEqualTo("v4");
            assertThat(consent.grantedAt()).isEqualTo(now);
        });
        assertThat(count("SELECT count(*) FROM event_store.suppression WHERE kind = 'email' AND digest = ?",
                blindIndex.suppression("email", blindIndex.email(email)))).isZero();
        assertThat(commands.accepted(lead(email))).as("lifted: later registrations link to the returning customer")
                .isEqualTo(returned);
    }

    @Test
    void anExpiredEntryNoLongerBlocksAndIsSweptAtTheNextErasure() {
        String email = TestCommand.uniqueEmail("long-gone");
        erase(commands.accepted(lead(email)), "DATA_SUBJECT_REQUEST");
        byte[] digest = blindIndex.suppression("email", blindIndex.email(email));
        // as if the retention had passed
        jdbc.update("UPDATE event_store.suppression SET expires_at = now() - interval '1 second' "
                + "WHERE kind = 'email' AND digest = ?", digest);

        String again = commands.accepted(lead(email));
        erase(commands.accepted(lead(TestCommand.uniqueEmail("someone-else"))), "DATA_SUBJECT_REQUEST");

        assertThat(again).isNotBlank();
        assertThat(count("SELECT count(*) FROM event_store.suppression WHERE expires_at <= now()")).isZero();
    }

    @Test
    void aMalformedConsentIsRefusedNamingTheField() {
        String now = Instant.now().toString();
        JsonNode noTime = commands.send(lead(TestCommand.uniqueEmail("x")).withConsent("web-form", "v1", null));
        JsonNode afterIssued = commands.send(lead(TestCommand.uniqueEmail("x")).envelope("issuedAt", now)
                .withConsent("web-form", "v1", Instant.now().plus(1, ChronoUnit.HOURS).toString()));
        JsonNode noRight = commands.send(TestCommand.registerLead("s-" + UUID.randomUUID(), "Erika",
                TestCommand.uniqueEmail("x")).from("support").forPurpose("customer-service")
                .envelope("issuedAt", now).withConsent("phone", "v1", now));

        assertThat(List.of(code(noTime), field(noTime))).containsExactly("MISSING_FIELD", "payload.consent.grantedAt");
        assertThat(List.of(code(afterIssued), field(afterIssued)))
                .containsExactly("INVALID_FIELD", "payload.consent.grantedAt");
        assertThat(List.of(code(noRight), field(noRight))).containsExactly("SOURCE_NOT_AUTHORISED", "type");
    }

    private static TestCommand lead(String email) {
        return TestCommand.registerLead("lead-" + UUID.randomUUID(), "Erika Mustermann", email);
    }

    private void erase(String customerId, String reason) {
        commands.accepted(TestCommand.of("EraseCustomer").from("crm").forPurpose("lead")
                .with("customerId", customerId).with("reason", reason));
    }

    private long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    private static String code(JsonNode result) {
        return result.path("code").asText();
    }

    private static String field(JsonNode result) {
        return result.path("field").asText();
    }
}
