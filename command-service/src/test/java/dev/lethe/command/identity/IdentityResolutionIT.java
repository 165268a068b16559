package dev.lethe.command.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.command.support.CommandServiceIntegrationTest;
import dev.lethe.command.support.Commands;
import dev.lethe.command.support.TestCommand;
import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.contract.identity.SourceRecordLinked;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Sources that know the same person by their own references end with one customer, matched by blind index. */
class IdentityResolutionIT extends CommandServiceIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    private Commands commands;

    @BeforeEach
    void connect() {
        commands = new Commands(kafka, COMMANDS, kafka.read(RESULTS));
    }

    @Test
    void threeSourcesRegisteringTheSamePersonDifferentlyFormattedEndAsOneCustomer() {
        long number = ThreadLocalRandom.current().nextLong(1_000_000, 9_999_999);
        String crmRef = "lead-" + UUID.randomUUID();
        String webshopRef = "c-" + UUID.randomUUID();
        String supportRef = "t-" + UUID.randomUUID();

        String fromCrm = commands.accepted(TestCommand.registerLead(crmRef, "Erika Mustermann",
                " Erika." + number + "@Example.ORG"));
        String fromWebshop = commands.accepted(TestCommand.of("RegisterCustomer").with("sourceCustomerId", webshopRef)
                .with("name", "E. Mustermann").with("email", "erika." + number + "@example.org")
                .with("phone", "+49 30 " + number));
        String fromSupport = commands.accepted(TestCommand.of("RegisterCustomer").from("support")
                .forPurpose("customer-service").with("sourceCustomerId", supportRef)
                .with("phone", "0049-30-" + number));

        assertThat(fromWebshop).isEqualTo(fromCrm);
        assertThat(fromSupport).isEqualTo(fromCrm);
        assertThat(eventTypes(fromCrm)).containsExactly(CustomerRegistered.class.getName(),
                SourceRecordLinked.class.getName(), SourceRecordLinked.class.getName());
        assertThat(commands.accepted(TestCommand.of("GrantConsent").from("crm").forPurpose("marketing")
                .with("sourceCustomerId", crmRef).with("channel", "email").with("consentTextVersion", "v3")))
                .isEqualTo(fromCrm);
        assertThat(commands.accepted(TestCommand.of("UpdateContactDetails").with("sourceCustomerId", webshopRef)
                .with("name", "Erika Mustermann"))).isEqualTo(fromCrm);
        assertThat(commands.accepted(TestCommand.of("RestrictProcessing").from("support").forPurpose("customer-service")
                .with("sourceCustomerId", supportRef).with("reason", "ACCURACY_CONTESTED"))).isEqualTo(fromCrm);
    }

    @Test
    void emailDecidesBeforePhoneAndAPhoneHeldByAnotherCustomerIsLeftForASteward() {
        String email = TestCommand.uniqueEmail("max");
        String phone = TestCommand.uniquePhone();
        String byEmail = commands.accepted(TestCommand.registerLead("lead-" + UUID.randomUUID(), "Max", email));
        String byPhone = commands.accepted(TestCommand.of("RegisterCustomer").from("support")
                .forPurpose("customer-service").with("sourceCustomerId", "t-" + UUID.randomUUID()).with("phone", phone));
        assertThat(byPhone).isNotEqualTo(byEmail);

        String both = commands.accepted(TestCommand.of("RegisterCustomer").with("sourceCustomerId", "c-" + UUID.randomUUID())
                .with("email", email).with("phone", phone));

        assertThat(both).isEqualTo(byEmail);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event_store.match_key WHERE kind = 'phone' "
                + "AND customer_id = ?", Long.class, byPhone)).isOne();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event_store.customer_merge WHERE merged_customer_id IN (?, ?)",
                Long.class, byEmail, byPhone)).isZero();
    }

    @Test
    void aRectifiedEmailMatchesLaterRegistrations() {
        String customerId = commands.accepted(TestCommand.registerErika("c-" + UUID.randomUUID()));
        String newEmail = TestCommand.uniqueEmail("erika.new");
        commands.accepted(TestCommand.of("UpdateContactDetails").with("customerId", customerId).with("email", newEmail));

        String later = commands.accepted(TestCommand.registerLead("lead-" + UUID.randomUUID(), "Erika",
                newEmail.toUpperCase(java.util.Locale.ROOT)));

        assertThat(later).isEqualTo(customerId);
    }

    @Test
    void noEmailPhoneOrSourceReferenceIsStoredInPlaintext() {
        String email = TestCommand.uniqueEmail("plain");
        String reference = "lead-" + UUID.randomUUID();
        commands.accepted(TestCommand.registerLead(reference, "Plain Text", email));

        List<String> identityColumns = jdbc.queryForList("""
                SELECT encode(digest, 'escape') FROM event_store.match_key
                UNION ALL SELECT encode(digest, 'escape') || source || customer_id FROM event_store.source_reference""",
                String.class);

        assertThat(identityColumns).isNotEmpty().noneMatch(value -> value.contains(email) || value.contains(reference));
    }

    @Test
    void theSameSourceRecordCannotBeRegisteredTwiceEvenWithOtherDetails() {
        String reference = "c-" + UUID.randomUUID();
        commands.accepted(TestCommand.registerErika(reference));

        JsonNode again = commands.send(TestCommand.registerErika(reference));

        assertThat(again.get("code").asText()).isEqualTo("SOURCE_RECORD_ALREADY_REGISTERED");
    }

    private List<String> eventTypes(String customerId) {
        return jdbc.queryForList("SELECT payloadType FROM event_store.domain_event_entry WHERE aggregateIdentifier = ? "
                + "ORDER BY sequenceNumber", String.class, customerId);
    }
}
