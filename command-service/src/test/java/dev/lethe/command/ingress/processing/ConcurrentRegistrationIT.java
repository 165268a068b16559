package dev.lethe.command.ingress.processing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.command.ingress.validation.Envelope;
import dev.lethe.command.ingress.validation.EnvelopeReader;
import dev.lethe.command.support.CommandServiceIntegrationTest;
import dev.lethe.command.support.Commands;
import dev.lethe.command.support.KafkaTestClient.TopicReader;
import dev.lethe.command.support.TestCommand;
import dev.lethe.contract.envelope.CommandResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two sources registering the same new person at the same moment end as one customer, never as two
 * unlinked duplicates: the unique match keys make the second registration wait for the first and link to it.
 */
class ConcurrentRegistrationIT extends CommandServiceIntegrationTest {

    private static final int PEOPLE_PER_ROUND = 2;
    private static final int ROUNDS = 10;

    @Autowired
    CommandProcessor processor;
    @Autowired
    JdbcTemplate jdbc;

    private final ExecutorService threads = Executors.newFixedThreadPool(2 * PEOPLE_PER_ROUND);

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void registrationsOfTheSamePersonReleasedAtTheSameInstantEndAsOneCustomer() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            CyclicBarrier sameInstant = new CyclicBarrier(2 * PEOPLE_PER_ROUND);
            List<List<Future<CommandResult>>> people = new ArrayList<>();
            for (int person = 0; person < PEOPLE_PER_ROUND; person++) {
                List<Future<CommandResult>> pair = new ArrayList<>();
                for (TestCommand registration : samePersonFromTwoSources()) {
                    pair.add(threads.submit(() -> {
                        Envelope envelope = new EnvelopeReader()
                                .read(registration.json().getBytes(StandardCharsets.UTF_8), null).envelope();
                        sameInstant.await(30, TimeUnit.SECONDS);
                        return processor.process(envelope);
                    }));
                }
                people.add(pair);
            }
            for (List<Future<CommandResult>> pair : people) {
                CommandResult first = pair.get(0).get(60, TimeUnit.SECONDS);
                CommandResult second = pair.get(1).get(60, TimeUnit.SECONDS);
                assertThat(first.status()).as("%s", first).isEqualTo(CommandResult.Status.ACCEPTED);
                assertThat(second.status()).as("%s", second).isEqualTo(CommandResult.Status.ACCEPTED);
                assertThat(second.customerId()).isEqualTo(first.customerId());
                assertThat(registrations(first.customerId())).isOne();
            }
        }
    }

    @Test
    void registrationsOfTheSamePersonOnDifferentPartitionsEndAsOneCustomer() {
        TopicReader results = kafka.read(RESULTS);
        Commands commands = new Commands(kafka, COMMANDS, results);
        List<List<TestCommand>> people = new ArrayList<>();
        for (int person = 0; person < 15; person++) {
            List<TestCommand> registrations = samePersonFromThreeSources();
            for (int partition = 0; partition < registrations.size(); partition++) {
                // a different record key per source, as each source keys by its own reference
                TestCommand registration = registrations.get(partition);
                kafka.send(COMMANDS, partition, registration.commandId(), registration.json());
            }
            people.add(registrations);
        }

        for (List<TestCommand> registrations : people) {
            List<String> customerIds = registrations.stream().map(commands::awaitResult).map(result -> {
                assertThat(result.get("status").asText()).as("%s", result).isEqualTo("ACCEPTED");
                return result.get("customerId").asText();
            }).distinct().toList();
            assertThat(customerIds).hasSize(1);
            assertThat(registrations(customerIds.get(0))).isOne();
        }
    }

    private static List<TestCommand> samePersonFromTwoSources() {
        String email = TestCommand.uniqueEmail("twin");
        String phone = TestCommand.uniquePhone();
        return List.of(
                TestCommand.of("RegisterCustomer").with("sourceCustomerId", "c-" + UUID.randomUUID())
                        .with("email", email).with("phone", phone),
                TestCommand.of("RegisterCustomer").from("support").forPurpose("customer-service")
                        .with("sourceCustomerId", "t-" + UUID.randomUUID())
                        .with("email", "  " + email.toUpperCase(java.util.Locale.ROOT)).with("phone", phone.replace("+", "00")));
    }

    private static List<TestCommand> samePersonFromThreeSources() {
        String email = TestCommand.uniqueEmail("triplet");
        return List.of(
                TestCommand.registerLead("lead-" + UUID.randomUUID(), "Triplet", email),
                TestCommand.of("RegisterCustomer").with("sourceCustomerId", "c-" + UUID.randomUUID()).with("email", email),
                TestCommand.of("RegisterCustomer").from("support").forPurpose("customer-service")
                        .with("sourceCustomerId", "t-" + UUID.randomUUID()).with("email", email.toUpperCase(java.util.Locale.ROOT)));
    }

    private long registrations(String customerId) {
        return jdbc.queryForObject("SELECT count(*) FROM event_store.domain_event_entry WHERE aggregateIdentifier = ? "
                + "AND payloadType = 'dev.lethe.contract.customer.CustomerRegistered'", Long.class, customerId);
    }
}
