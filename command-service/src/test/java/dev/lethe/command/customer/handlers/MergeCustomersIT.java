package dev.lethe.command.customer.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.command.support.CommandServiceIntegrationTest;
import dev.lethe.command.support.Commands;
import dev.lethe.command.support.TestCommand;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** A data steward merges two customers that are one person, and undoes a wrong merge exactly. */
class MergeCustomersIT extends CommandServiceIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    private Commands commands;
    private String leadRef;
    private String orderRef;
    private String lead;
    private String shopper;

    @BeforeEach
    void twoCustomersThatAreOnePerson() {
        commands = new Commands(kafka, COMMANDS, kafka.read(RESULTS));
        leadRef = "lead-" + UUID.randomUUID();
        orderRef = "c-" + UUID.randomUUID();
        lead = commands.accepted(TestCommand.registerLead(leadRef, "Erika Mustermann", TestCommand.uniqueEmail("erika")));
        shopper = commands.accepted(TestCommand.registerErika(orderRef));
        commands.accepted(TestCommand.of("GrantConsent").forPurpose("marketing").with("customerId", shopper)
                .with("channel", "web").with("consentTextVersion", "v3"));
    }

    @Test
    void whileMergedTheMergedCustomersCommandsGoToTheSurvivorWhichAnswersForItsConsents() {
        assertThat(commands.accepted(merge(lead, shopper))).isEqualTo(lead);

        assertThat(commands.accepted(TestCommand.of("UpdateContactDetails").with("sourceCustomerId", orderRef)
                .with("name", "Erika M."))).as("the shop's own reference").isEqualTo(lead);
        assertThat(commands.accepted(TestCommand.of("LiftRestriction").from("crm").forPurpose("lead")
                .with("customerId", shopper))).as("the merged customer's id").isEqualTo(lead);
        assertThat(commands.accepted(TestCommand.of("WithdrawConsent").from("crm").forPurpose("marketing")
                .with("customerId", lead).with("channel", "phone")))
                .as("the shopper's marketing consent, withdrawn at the survivor").isEqualTo(lead);
        assertThat(eventTypes(shopper)).last().isEqualTo("dev.lethe.contract.identity.CustomerMergedInto");
    }

    @Test
    void afterAnUnmergeBothStandAsTheyWereEachWithItsOwnSourceRecords() {
        commands.accepted(merge(lead, shopper));

        assertThat(commands.accepted(unmerge(lead, shopper))).isEqualTo(lead);

        assertThat(commands.accepted(TestCommand.of("UpdateContactDetails").with("sourceCustomerId", orderRef)
                .with("name", "Erika M."))).isEqualTo(shopper);
        assertThat(commands.accepted(TestCommand.of("UpdateContactDetails").from("crm").forPurpose("lead")
                .with("sourceCustomerId", leadRef).with("name", "Erika M."))).isEqualTo(lead);
        assertThat(commands.send(TestCommand.of("WithdrawConsent").from("crm").forPurpose("marketing")
                .with("customerId", lead).with("channel", "email")).get("code").asText())
                .as("the lead never consented itself").isEqualTo("CONSENT_NOT_GRANTED");
        assertThat(commands.accepted(TestCommand.of("WithdrawConsent").forPurpose("marketing")
                .with("customerId", shopper).with("channel", "web"))).isEqualTo(shopper);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event_store.customer_merge WHERE merged_customer_id = ?",
                Long.class, shopper)).isZero();
    }

    @Test
    void aConsentWithdrawnAtTheSurvivorStaysWithdrawnAfterTheUnmerge() {
        commands.accepted(merge(lead, shopper));
        commands.accepted(TestCommand.of("WithdrawConsent").from("crm").forPurpose("marketing")
                .with("customerId", lead).with("channel", "phone"));

        commands.accepted(unmerge(lead, shopper));

        assertThat(commands.send(TestCommand.of("WithdrawConsent").forPurpose("marketing")
                .with("customerId", shopper).with("channel", "web")).get("code").asText())
                .isEqualTo("CONSENT_NOT_GRANTED");
    }

    @Test
    void mergingIntoACustomerThatIsItselfMergedIsRejected() {
        String third = commands.accepted(TestCommand.registerErika("c-" + UUID.randomUUID()));
        commands.accepted(merge(lead, shopper));

        JsonNode result = commands.send(merge(shopper, third));

        assertThat(result.get("code").asText()).isEqualTo("CUSTOMER_MERGED");
        assertThat(result.get("field").asText()).isEqualTo("payload.survivorId");
    }

    @Test
    void aChainOfMergesRoutesToTheLastSurvivor() {
        String third = commands.accepted(TestCommand.registerErika("c-" + UUID.randomUUID()));
        commands.accepted(merge(lead, shopper));
        commands.accepted(merge(third, lead));

        assertThat(commands.accepted(TestCommand.of("UpdateContactDetails").with("sourceCustomerId", orderRef)
                .with("name", "Erika M."))).isEqualTo(third);
    }

    static Stream<Arguments> wrongStewardDecisions() {
        String unknown = UUID.randomUUID().toString();
        return Stream.of(
                Arguments.of("merging a customer with itself", "merge", "lead", "lead", "CANNOT_MERGE_WITH_ITSELF",
                        "payload.mergedCustomerId"),
                Arguments.of("an unknown survivor", "merge", unknown, "shopper", "CUSTOMER_NOT_FOUND", "payload.survivorId"),
                Arguments.of("an unknown merged customer", "merge", "lead", unknown, "CUSTOMER_NOT_FOUND",
                        "payload.mergedCustomerId"),
                Arguments.of("an id that is no UUID", "merge", "lead", "c-1042", "INVALID_FIELD", "payload.mergedCustomerId"),
                Arguments.of("unmerging a pair that is not merged", "unmerge", "lead", "shopper", "CUSTOMERS_NOT_MERGED",
                        "payload.mergedCustomerId"));
    }

    @ParameterizedTest(name = "{0} is rejected with {4}")
    @MethodSource("wrongStewardDecisions")
    void aWrongStewardDecisionIsRejectedAndChangesNothing(String description, String action, String survivor,
                                                          String merged, String code, String field) {
        long eventsBefore = eventCount();

        JsonNode result = commands.send("merge".equals(action) ? merge(id(survivor), id(merged)) : unmerge(id(survivor), id(merged)));

        assertThat(result.get("code").asText()).isEqualTo(code);
        assertThat(result.get("field").asText()).isEqualTo(field);
        assertThat(eventCount()).isEqualTo(eventsBefore);
    }

    @Test
    void mergingTwiceIsRejectedTheSecondTime() {
        commands.accepted(merge(lead, shopper));

        JsonNode again = commands.send(merge(lead, shopper));

        assertThat(again.get("code").asText()).isEqualTo("CUSTOMER_MERGED");
        assertThat(again.get("field").asText()).isEqualTo("payload.mergedCustomerId");
    }

    @Test
    void onlySourcesAllowedToDecideMergesMaySendThem() {
        JsonNode result = commands.send(merge(lead, shopper).from("webshop").forPurpose("marketing"));

        assertThat(result.get("code").asText()).isEqualTo("SOURCE_NOT_AUTHORISED");
    }

    private String id(String name) {
        return switch (name) {
            case "lead" -> lead;
            case "shopper" -> shopper;
            default -> name;
        };
    }

    static TestCommand merge(String survivorId, String mergedCustomerId) {
        return TestCommand.of("MergeCustomers").from("crm").forPurpose("customer-service")
                .with("survivorId", survivorId).with("mergedCustomerId", mergedCustomerId);
    }

    static TestCommand unmerge(String survivorId, String mergedCustomerId) {
        return TestCommand.of("UnmergeCustomers").from("crm").forPurpose("customer-service")
                .with("survivorId", survivorId).with("mergedCustomerId", mergedCustomerId);
    }

    private java.util.List<String> eventTypes(String customerId) {
        return jdbc.queryForList("SELECT payloadType FROM event_store.domain_event_entry WHERE aggregateIdentifier = ? "
                + "ORDER BY sequenceNumber", String.class, customerId);
    }

    private long eventCount() {
        return jdbc.queryForObject("SELECT count(*) FROM event_store.domain_event_entry", Long.class);
    }
}
