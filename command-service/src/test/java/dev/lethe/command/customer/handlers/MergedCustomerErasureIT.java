package dev.lethe.command.customer.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.command.support.CommandServiceIntegrationTest;
import dev.lethe.command.support.Commands;
import dev.lethe.command.support.TestCommand;
import dev.lethe.localstack.TestInfrastructure;
import dev.lethe.localstack.evidence.DatabaseDump;
import dev.lethe.localstack.evidence.PlaintextScan;
import dev.lethe.shredding.BlindIndex;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Everyone merged into a customer is the same person: erasing one erases all of them, everywhere. */
class MergedCustomerErasureIT extends CommandServiceIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    BlindIndex blindIndex;

    private Commands commands;
    private String canary;
    private String leadRef;
    private String leadEmail;
    private String orderRef;
    private TestCommand order;
    private String survivor;
    private String merged;

    @BeforeEach
    void aMergedPair() {
        commands = new Commands(kafka, COMMANDS, kafka.read(RESULTS));
        canary = UUID.randomUUID().toString().substring(0, 8);
        leadRef = "canary-lead-" + canary;
        leadEmail = "canary.lead." + canary + "@example.org";
        orderRef = "canary-order-" + canary;
        order = TestCommand.registerErika(orderRef).with("name", "Canary Shopper " + canary);
        survivor = commands.accepted(TestCommand.registerLead(leadRef, "Canary Lead " + canary, leadEmail));
        merged = commands.accepted(order);
        commands.accepted(TestCommand.of("MergeCustomers").from("crm").forPurpose("customer-service")
                .with("survivorId", survivor).with("mergedCustomerId", merged));
    }

    @Test
    void erasingTheSurvivorErasesTheMergedCustomerAndEveryIdentityRecordOfBoth() {
        String emailDigest = HexFormat.of().formatHex(blindIndex.email(leadEmail));
        assertThat(dump()).as("positive control: the match key is in the dump before erasure").contains(emailDigest);

        assertThat(commands.accepted(erase(survivor))).isEqualTo(survivor);

        for (String customerId : List.of(survivor, merged)) {
            assertThat(count("SELECT count(*) FROM key_vault.data_key WHERE subject_id = ?", customerId)).isZero();
            assertThat(count("SELECT count(*) FROM event_store.match_key WHERE customer_id = ?", customerId)).isZero();
            assertThat(count("SELECT count(*) FROM event_store.source_reference WHERE customer_id = ?", customerId)).isZero();
            assertThat(count("SELECT count(*) FROM event_store.customer_merge WHERE merged_customer_id = ? "
                    + "OR survivor_id = ?", customerId, customerId)).isZero();
            assertThat(commands.send(TestCommand.of("UpdateContactDetails").from("crm").forPurpose("lead")
                    .with("customerId", customerId).with("name", "Erika")).get("code").asText())
                    .isEqualTo("CUSTOMER_ERASED");
        }
        String databaseDump = dump();
        assertThat(databaseDump).doesNotContain(emailDigest);
        for (String value : List.of(leadRef, leadEmail, "Canary Lead " + canary, orderRef, "Canary Shopper " + canary,
                order.payloadText("email"), order.payloadText("phone").replace(" ", ""))) {
            assertThat(PlaintextScan.formsFound(databaseDump, value)).as("database dump: %s", value).isEmpty();
        }
    }

    @Test
    void anErasureAddressedToTheMergedCustomerErasesTheWholePerson() {
        assertThat(commands.accepted(TestCommand.of("EraseCustomer").from("support").forPurpose("customer-service")
                .with("customerId", merged).with("reason", "DATA_SUBJECT_REQUEST"))).isEqualTo(survivor);

        assertThat(count("SELECT count(*) FROM key_vault.data_key WHERE subject_id IN (?, ?)", survivor, merged)).isZero();
        assertThat(commands.send(TestCommand.of("UpdateContactDetails").with("sourceCustomerId", orderRef)
                .with("name", "Erika")).get("code").asText())
                .as("the source reference went with the person").isEqualTo("CUSTOMER_NOT_FOUND");
    }

    private static TestCommand erase(String customerId) {
        return TestCommand.of("EraseCustomer").from("crm").forPurpose("lead").with("customerId", customerId)
                .with("reason", "DATA_SUBJECT_REQUEST");
    }

    private long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    private static String dump() {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        return DatabaseDump.of(databaseUrl(), infrastructure.username(), infrastructure.password());
    }
}
