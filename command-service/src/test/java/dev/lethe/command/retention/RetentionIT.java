package dev.lethe.command.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.command.support.CommandServiceIntegrationTest;
import dev.lethe.command.support.Commands;
import dev.lethe.command.support.TestClock;
import dev.lethe.command.support.TestCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The retention rules of the local profile ({@code lead}: 180 days without activity unless also held for
 * order-fulfilment or customer-service; 30 days after consent was withdrawn for the only purpose) carried out
 * by real sweeps against the real store. Time moves on the service clock, never by sleeping.
 */
class RetentionIT extends CommandServiceIntegrationTest {

    @Autowired
    RetentionSweeper sweeper;
    @Autowired
    TestClock clock;
    @Autowired
    JdbcTemplate jdbc;

    private Commands commands;

    @BeforeEach
    void connect() {
        commands = new Commands(kafka, COMMANDS, kafka.read(RESULTS));
    }

    @AfterEach
    void backToNow() {
        clock.reset();
    }

    @Test
    void anInactiveLeadIsErasedWhileAConvertedLeadAndAnActiveLeadAreKept() {
        String inactive = registerLead();
        String active = registerLead();
        String convertedEmail = TestCommand.uniqueEmail("converted");
        String converted = commands.accepted(TestCommand.registerLead("lead-" + UUID.randomUUID(), "Conny", convertedEmail));
        // the lead orders at the web shop: identity resolution links the order to the lead
        assertThat(commands.accepted(TestCommand.of("RegisterCustomer").with("sourceCustomerId", "order-" + UUID.randomUUID())
                .with("email", convertedEmail))).isEqualTo(converted);

        clock.advance(Duration.ofDays(100));
        commands.accepted(TestCommand.of("UpdateContactDetails").from("crm").forPurpose("lead")
                .with("customerId", active).with("name", "Aktiva Neu"));
        clock.advance(Duration.ofDays(81));
        SweepReport report = sweeper.sweep("TEST");

        assertThat(report.status()).isEqualTo("COMPLETED");
        assertThat(report.outcome().get("inactivity:lead").get("erased")).isPositive();
        assertErasedFor(inactive, "RETENTION_EXPIRED");
        assertThat(hasKey(active)).as("active lead").isTrue();
        assertThat(hasKey(converted)).as("converted lead").isTrue();
        assertThat(jdbc.queryForObject("SELECT status FROM event_store.retention_sweep WHERE sweep_id = ?",
                String.class, report.sweepId())).isEqualTo("COMPLETED");
        // the erasure went through the command path: logged under the retention pseudo-source
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event_store.command_log WHERE customer_id = ? "
                + "AND source = 'lethe-retention' AND status = 'ACCEPTED'", Long.class, inactive)).isOne();
    }

    @Test
    void consentWithdrawnForTheOnlyPurposeIsErasedAfterTheGracePeriodButNotBefore() {
        String onlyMarketing = commands.accepted(TestCommand.of("RegisterCustomer").from("crm").forPurpose("marketing")
                .with("sourceCustomerId", "m-" + UUID.randomUUID()).with("email", TestCommand.uniqueEmail("mia")));
        String alsoLead = registerLead();
        for (String customerId : List.of(onlyMarketing, alsoLead)) {
            commands.accepted(consent("GrantConsent", customerId).with("consentTextVersion", "v3"));
            commands.accepted(consent("WithdrawConsent", customerId));
        }

        clock.advance(Duration.ofDays(29));
        sweeper.sweep("TEST");
        assertThat(hasKey(onlyMarketing)).as("within the grace period").isTrue();

        clock.advance(Duration.ofDays(2));
        sweeper.sweep("TEST");
        assertErasedFor(onlyMarketing, "CONSENT_WITHDRAWN");
        assertThat(hasKey(alsoLead)).as("still held as a lead").isTrue();
    }

    @Test
    void twoSweepersAtOnceEraseEachPersonExactlyOnceAndBothSweepsAreRecorded() throws Exception {
        List<String> leads = List.of(registerLead(), registerLead(), registerLead());
        clock.advance(Duration.ofDays(181));

        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService instances = Executors.newFixedThreadPool(2);
        List<Future<SweepReport>> sweeps = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                sweeps.add(instances.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return sweeper.sweep("TEST");
                }));
            }
            List<SweepReport> reports = new ArrayList<>();
            for (Future<SweepReport> sweep : sweeps) {
                reports.add(sweep.get(120, TimeUnit.SECONDS));
            }

            for (String lead : leads) {
                assertErasedFor(lead, "RETENTION_EXPIRED");
            }
            assertThat(reports).extracting(SweepReport::status).contains("COMPLETED");
            for (SweepReport report : reports) {
                assertThat(jdbc.queryForObject("SELECT status FROM event_store.retention_sweep WHERE sweep_id = ?",
                        String.class, report.sweepId())).isEqualTo(report.status());
            }
        } finally {
            instances.shutdownNow();
        }
    }

    @Test
    void aSweepRepeatedOverTheSameStateAnswersFromTheCommandLogWithoutErasingAgain() {
        String lead = registerLead();
        clock.advance(Duration.ofDays(181));
        sweeper.sweep("TEST");
        // as if the activity row had not yet seen the erasure (a crash between sweep and commit elsewhere)
        jdbc.update("UPDATE event_store.customer_activity SET erased_at = NULL WHERE customer_id = ?", lead);

        SweepReport again = sweeper.sweep("TEST");

        assertThat(again.outcome().get("inactivity:lead").get("erased")).isPositive();
        assertErasedFor(lead, "RETENTION_EXPIRED");
    }

    private String registerLead() {
        return commands.accepted(TestCommand.registerLead("lead-" + UUID.randomUUID(), "Lea Lead",
                TestCommand.uniqueEmail("lea")));
    }

    private static TestCommand consent(String type, String customerId) {
        return TestCommand.of(type).from("crm").forPurpose("marketing").with("customerId", customerId)
                .with("channel", "email");
    }

    private boolean hasKey(String customerId) {
        return jdbc.queryForObject("SELECT count(*) FROM key_vault.data_key WHERE subject_id = ?", Long.class,
                customerId) > 0;
    }

    /** Erased once, with the reason, and the key is gone. */
    private void assertErasedFor(String customerId, String reason) {
        assertThat(hasKey(customerId)).as("key of %s", customerId).isFalse();
        List<String> erasures = jdbc.queryForList("SELECT convert_from(payload, 'UTF8') FROM event_store.domain_event_entry "
                + "WHERE aggregateIdentifier = ? AND payloadType = 'dev.lethe.contract.customer.CustomerErased'",
                String.class, customerId);
        assertThat(erasures).hasSize(1);
        assertThat(erasures.get(0)).contains("\"reason\":\"" + reason + "\"");
    }
}
