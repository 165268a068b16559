package dev.lethe.command.ingress.processing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.command.ingress.validation.EnvelopeReader;
import dev.lethe.command.ingress.validation.Reading;
import dev.lethe.command.support.CommandServiceIntegrationTest;
import dev.lethe.command.support.TestCommand;
import dev.lethe.contract.envelope.CommandResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the ingress costs the database per command: runs batches of registrations and then of contact-detail updates
 * of the same people through the real batch path and prints statements, round trips and transactions per command
 * (figures for docs/performance.md, never asserted: they are no correctness property).
 *
 * <p>Statements and round trips are counted on this thread only, from the PostgreSQL driver's own protocol trace
 * (one {@code Execute} per statement, one {@code Sync} per round trip); transactions come from
 * {@code pg_stat_database.xact_commit}, which also counts the publisher's and other background transactions of the
 * database, so they are an upper bound.
 */
class IngressStatementCountIT extends CommandServiceIntegrationTest {

    private static final int BATCHES = 8;
    private static final int BATCH_SIZE = 25;

    @Autowired
    CommandBatch batch;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void printsStatementsRoundTripsAndTransactionsPerCommand() {
        // warm-up, in small batches so that a cold service on a busy machine stays within the transaction timeout
        List<List<TestCommand>> warmUp = List.of(registrations(5), registrations(5));
        decideAll(warmUp);
        List<List<TestCommand>> registrations = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            registrations.add(registrations(BATCH_SIZE));
        }

        Figures registering = measure(() -> decideAll(registrations));
        List<List<TestCommand>> updates = registrations.stream()
                .map(commands -> commands.stream().map(registration -> TestCommand.of("UpdateContactDetails")
                        .with("sourceCustomerId", registration.payloadText("sourceCustomerId"))
                        .with("email", TestCommand.uniqueEmail("erika.moved"))).toList())
                .toList();
        Figures updating = measure(() -> decideAll(updates));

        int commands = BATCHES * BATCH_SIZE;
        System.out.printf("INGRESS-COST registration: %s%n", registering.per(commands));
        System.out.printf("INGRESS-COST update:       %s%n", updating.per(commands));
    }

    private static List<TestCommand> registrations(int count) {
        List<TestCommand> commands = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            commands.add(TestCommand.registerErika("c-" + UUID.randomUUID()));
        }
        return commands;
    }

    private void decideAll(List<List<TestCommand>> batches) {
        for (List<TestCommand> commands : batches) {
            List<CommandResult> results = batch.decide(readings(commands))
                    .orElseThrow(() -> new AssertionError("the batch rolled back")).stream()
                    .map(CommandBatch.Decision::result).toList();
            assertThat(results).allMatch(result -> result.status() == CommandResult.Status.ACCEPTED);
        }
    }

    private Figures measure(Runnable work) {
        ProtocolTrace trace = ProtocolTrace.start();
        long commitsBefore = commits();
        Map<String, Object> rowsBefore = rows();
        try {
            work.run();
        } finally {
            trace.stop();
        }
        // backends report their statistics shortly after a transaction ends (PostgreSQL 14: up to 500 ms)
        jdbc.execute("SELECT pg_sleep(1)");
        return new Figures(trace.executes.get(), trace.syncs.get(), commits() - commitsBefore, rowsBefore, rows());
    }

    private long commits() {
        // the statistics a backend reports at its transaction's end are read through a fresh snapshot
        jdbc.execute("SELECT pg_stat_clear_snapshot()");
        return jdbc.queryForObject("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()",
                Long.class);
    }

    private Map<String, Object> rows() {
        return jdbc.queryForMap("SELECT tup_inserted, tup_updated, tup_deleted FROM pg_stat_database "
                + "WHERE datname = current_database()");
    }

    private record Figures(long statements, long roundTrips, long transactions, Map<String, Object> rowsBefore,
                           Map<String, Object> rowsAfter) {

        String per(int commands) {
            return String.format("%.2f statements, %.2f round trips, <= %.3f transactions, %.2f rows inserted, "
                            + "%.2f rows updated per command",
                    statements / (double) commands, roundTrips / (double) commands, transactions / (double) commands,
                    delta("tup_inserted") / commands, delta("tup_updated") / commands);
        }

        private double delta(String column) {
            return ((Number) rowsAfter.get(column)).doubleValue() - ((Number) rowsBefore.get(column)).doubleValue();
        }
    }

    /** The driver's protocol messages sent by this thread, counted while it runs. */
    private static final class ProtocolTrace extends Handler {

        private static final Logger DRIVER = Logger.getLogger("org.postgresql");

        private final long thread = Thread.currentThread().getId();
        private final AtomicLong executes = new AtomicLong();
        private final AtomicLong syncs = new AtomicLong();
        private Level previousLevel;

        static ProtocolTrace start() {
            ProtocolTrace trace = new ProtocolTrace();
            trace.previousLevel = DRIVER.getLevel();
            DRIVER.addHandler(trace);
            DRIVER.setLevel(Level.FINEST);
            return trace;
        }

        void stop() {
            DRIVER.setLevel(previousLevel);
            DRIVER.removeHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            if (record.getLongThreadID() != thread || record.getMessage() == null) {
                return;
            }
            if (record.getMessage().startsWith(" FE=> Execute")) {
                executes.incrementAndGet();
            } else if (record.getMessage().startsWith(" FE=> Sync")) {
                syncs.incrementAndGet();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private static List<Reading> readings(List<TestCommand> commands) {
        EnvelopeReader reader = new EnvelopeReader();
        return commands.stream().map(command -> reader.read(command.json().getBytes(StandardCharsets.UTF_8), null))
                .toList();
    }
}
