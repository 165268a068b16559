package dev.lethe.command.ingress.processing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.command.ingress.validation.EnvelopeReader;
import dev.lethe.command.ingress.validation.Reading;
import dev.lethe.command.transaction.AfterCommit;
import dev.lethe.command.support.CommandServiceIntegrationTest;
import dev.lethe.command.support.TestCommand;
import dev.lethe.contract.envelope.CommandResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A batch of commands is decided in one transaction with a savepoint per command: a rejection undoes only its
 * own command, and redelivering a committed batch is answered from the command log without applying anything twice.
 */
class BatchedIngressIT extends CommandServiceIntegrationTest {

    @Autowired
    CommandBatch batch;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    MeterRegistry meters;

    @Test
    void aRejectedCommandInsideABatchLeavesTheOthersOfThatBatchApplied() {
        String reference = "c-" + UUID.randomUUID();
        String ghost = UUID.randomUUID().toString();
        String ghostEmail = TestCommand.uniqueEmail("ghost");
        List<TestCommand> commands = List.of(
                TestCommand.registerErika(reference),
                // claims the email's match key for a customer that does not exist, then fails in the aggregate
                TestCommand.of("UpdateContactDetails").with("customerId", ghost).with("email", ghostEmail),
                TestCommand.registerErika(reference),
                TestCommand.of("UpdateContactDetails").with("sourceCustomerId", reference)
                        .with("email", TestCommand.uniqueEmail("erika.new")),
                TestCommand.registerErika("c-" + UUID.randomUUID()));
        double committedBefore = batches("committed");
        double rolledBackBefore = batches("rolled-back");

        List<CommandBatch.Decision> decisions = batch.decide(readings(commands)).orElseThrow();

        assertThat(batches("committed")).isEqualTo(committedBefore + 1);
        assertThat(batches("rolled-back")).isEqualTo(rolledBackBefore);
        List<String> codes = decisions.stream().map(decision -> decision.result().status() + " " + decision.result().code()).toList();
        assertThat(codes).containsExactly("ACCEPTED null", "REJECTED CUSTOMER_NOT_FOUND",
                "REJECTED SOURCE_RECORD_ALREADY_REGISTERED", "ACCEPTED null", "ACCEPTED null");
        String erika = decisions.get(0).result().customerId();
        assertThat(decisions.get(3).result().customerId()).isEqualTo(erika);
        assertThat(events(erika)).containsExactly("CustomerRegistered", "ContactDetailsChanged");
        assertThat(events(decisions.get(4).result().customerId())).containsExactly("CustomerRegistered");
        assertThat(events(ghost)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event_store.match_key WHERE customer_id = ?", Long.class,
                ghost)).as("the rejected update's key claim was rolled back with its savepoint").isZero();
        for (TestCommand command : commands) {
            assertThat(loggedResults(command.commandId())).as("each command is answered once").isOne();
        }
    }

    @Test
    void aRejectedCommandLeavesNothingVisibleToTheNextCommandOnTheSameCustomerAndTheEarlierOnesStayApplied() {
        String reference = "l-" + UUID.randomUUID();
        TestCommand register = TestCommand.registerLead(reference, "Erika Mustermann", TestCommand.uniqueEmail("erika"));
        List<TestCommand> commands = List.of(
                register,
                TestCommand.of("GrantConsent").from("crm").forPurpose("marketing").with("sourceCustomerId", reference)
                        .with("channel", "email").with("consentTextVersion", "v1"),
                // rejected by the aggregate, which this batch created and changed before
                TestCommand.of("WithdrawConsent").from("crm").forPurpose("customer-service")
                        .with("sourceCustomerId", reference).with("channel", "email"),
                // must see the registration and the consent of this very batch, and nothing of the rejection
                TestCommand.of("WithdrawConsent").from("crm").forPurpose("marketing").with("sourceCustomerId", reference)
                        .with("channel", "email"),
                TestCommand.of("UpdateContactDetails").from("crm").forPurpose("lead").with("sourceCustomerId", reference)
                        .with("email", TestCommand.uniqueEmail("erika.new")));

        List<CommandBatch.Decision> decisions = batch.decide(readings(commands)).orElseThrow();

        List<String> codes = decisions.stream().map(decision -> decision.result().status() + " " + decision.result().code()).toList();
        assertThat(codes).containsExactly("ACCEPTED null", "ACCEPTED null", "REJECTED CONSENT_NOT_GRANTED",
                "ACCEPTED null", "ACCEPTED null");
        String erika = decisions.get(0).result().customerId();
        assertThat(events(erika)).containsExactly("CustomerRegistered", "ConsentGranted", "ConsentWithdrawn",
                "ContactDetailsChanged");
        assertThat(jdbc.queryForObject("SELECT purposes::text FROM event_store.customer_activity WHERE customer_id = ?",
                String.class, erika)).as("the activity row commits with the batch's events, changed in their order")
                .isEqualTo("{lead}");
    }

    @Test
    void anErasureInsideABatchDestroysTheKeyOfEventsTheSameBatchStoredBeforeIt() {
        String reference = "l-" + UUID.randomUUID();
        List<TestCommand> commands = List.of(
                TestCommand.registerLead(reference, "Erika Mustermann", TestCommand.uniqueEmail("erika")),
                TestCommand.of("EraseCustomer").from("crm").forPurpose("lead").with("sourceCustomerId", reference)
                        .with("reason", "DATA_SUBJECT_REQUEST"),
                TestCommand.registerErika("c-" + UUID.randomUUID()));

        List<CommandBatch.Decision> decisions = batch.decide(readings(commands)).orElseThrow();

        assertThat(decisions).allMatch(decision -> decision.result().status() == CommandResult.Status.ACCEPTED);
        String erased = decisions.get(0).result().customerId();
        assertThat(events(erased)).containsExactly("CustomerRegistered", "CustomerErased");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM key_vault.data_key WHERE subject_id = ?", Long.class,
                erased)).as("no key of the erased person survives, also none made after the erasure").isZero();
        assertThat(events(decisions.get(2).result().customerId())).containsExactly("CustomerRegistered");
    }

    @Test
    void redeliveringAWholeCommittedBatchAppliesNothingTwice() {
        List<TestCommand> commands = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            commands.add(TestCommand.registerErika("c-" + UUID.randomUUID()));
        }
        List<CommandResult> first = batch.decide(readings(commands)).orElseThrow().stream()
                .map(CommandBatch.Decision::result).toList();
        long eventsAfterFirst = allEvents();

        List<CommandResult> redelivered = batch.decide(readings(commands)).orElseThrow().stream()
                .map(CommandBatch.Decision::result).toList();

        assertThat(redelivered).isEqualTo(first);
        assertThat(first).allMatch(result -> result.status() == CommandResult.Status.ACCEPTED);
        assertThat(first.stream().map(CommandResult::customerId).distinct()).hasSize(commands.size());
        assertThat(allEvents()).isEqualTo(eventsAfterFirst);
    }

    @Test
    void workAfterCommitRunsOnlyForSavepointsThatWereKeptAndOnlyOnceTheOuterTransactionCommits() {
        List<String> ran = new ArrayList<>();
        TransactionTemplate nested = new TransactionTemplate(transactions);
        nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);

        new TransactionTemplate(transactions).executeWithoutResult(outer -> {
            nested.executeWithoutResult(kept -> AfterCommit.run(() -> ran.add("kept")));
            nested.executeWithoutResult(undone -> {
                AfterCommit.run(() -> ran.add("undone"));
                undone.setRollbackOnly();
            });
            AfterCommit.run(() -> ran.add("outer"));
            assertThat(ran).as("nothing runs before the outer commit").isEmpty();
        });

        assertThat(ran).containsExactly("kept", "outer");
    }

    private double batches(String outcome) {
        var counter = meters.find("lethe.ingress.batches").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private List<String> events(String customerId) {
        return jdbc.queryForList("SELECT payloadType FROM event_store.domain_event_entry WHERE aggregateIdentifier = ? "
                + "ORDER BY sequenceNumber", String.class, customerId).stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1)).toList();
    }

    private long allEvents() {
        return jdbc.queryForObject("SELECT count(*) FROM event_store.domain_event_entry", Long.class);
    }

    private long loggedResults(String commandId) {
        return jdbc.queryForObject("SELECT count(*) FROM event_store.command_log WHERE command_id = ?::uuid", Long.class,
                commandId);
    }

    /** The records as the listener hands them to the batch: read once each. */
    private static List<Reading> readings(List<TestCommand> commands) {
        EnvelopeReader reader = new EnvelopeReader();
        return commands.stream().map(command -> reader.read(command.json().getBytes(StandardCharsets.UTF_8), null))
                .toList();
    }
}
