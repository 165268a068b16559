package dev.lethe.command.retention;

import dev.lethe.command.ingress.processing.InternalCommands;
import dev.lethe.command.retention.RetentionCandidates.Candidate;
import dev.lethe.contract.customer.EraseCustomer;
import dev.lethe.contract.envelope.CommandResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * Erases whoever the retention rules say is due, by sending {@code EraseCustomer} through the command path like
 * any source (command log, audit trail, {@code CustomerErased} on {@code lethe.events}).
 *
 * <p>Runs once across instances: a sweep holds a PostgreSQL session advisory lock on a connection of its own for
 * its whole run, and a sweep that cannot get it is recorded as {@code SKIPPED}. A session lock rather than a
 * transaction lock because each erasure commits in its own short transaction (long event-appending transactions
 * would outlive Axon's gap timeout); if the instance dies, its connection closes and the lock is released.
 * Durable without a work queue: the table of activity is the state, each sweep recomputes who is due, and the
 * erasures' commandIds are derived from person, rule and due date, so a sweep repeated after a crash gets its
 * earlier answers from the command log instead of acting twice.
 */
@Component
public class RetentionSweeper {

    static final String LEGAL_HOLD_ENDED = "legal-hold-ended";
    static final String CONSENT_WITHDRAWN = "consent-withdrawn";
    private static final long LOCK_KEY = 0x4c45544845524554L; // "LETHERET": one lock for every instance
    private static final String PURPOSE = "retention";
    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweeper.class);

    private final RetentionRules rules;
    private final RetentionCandidates candidates;
    private final RetentionSweeps sweeps;
    private final InternalCommands commands;
    private final DataSource dataSource;
    private final Clock clock;
    private final MeterRegistry meters;
    private final String instance = ManagementFactory.getRuntimeMXBean().getName();

    RetentionSweeper(RetentionRules rules, RetentionCandidates candidates, RetentionSweeps sweeps,
                     InternalCommands commands, DataSource dataSource, Clock clock, MeterRegistry meters) {
        this.rules = rules;
        this.candidates = candidates;
        this.sweeps = sweeps;
        this.commands = commands;
        this.dataSource = dataSource;
        this.clock = clock;
        this.meters = meters;
    }

    /** @param trigger what started it: {@code SCHEDULE} or {@code OPERATOR} */
    public SweepReport sweep(String trigger) {
        UUID sweepId = UUID.randomUUID();
        Instant now = clock.instant();
        try (Connection lock = dataSource.getConnection()) {
            if (!advisoryLock(lock, "pg_try_advisory_lock")) {
                sweeps.started(sweepId, trigger, instance, "SKIPPED", now);
                LOG.info("Retention sweep {} skipped: another instance is sweeping", sweepId);
                return new SweepReport(sweepId, "SKIPPED", now, Map.of());
            }
            try {
                return run(sweepId, trigger, now);
            } finally {
                advisoryLock(lock, "pg_advisory_unlock");
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("the retention sweep lock could not be taken", e);
        }
    }

    private SweepReport run(UUID sweepId, String trigger, Instant now) {
        sweeps.started(sweepId, trigger, instance, "RUNNING", now);
        Map<String, Map<String, Integer>> outcome = new LinkedHashMap<>();
        String actor = "retention-sweep:" + sweepId;
        try {
            // pending erasures first: their own reason wins over a retention rule that also applies
            erase(LEGAL_HOLD_ENDED, candidates.holdEnded(now), actor, outcome);
            rules.inactivity().forEach((purpose, rule) ->
                    erase("inactivity:" + purpose, candidates.inactive(purpose, rule, now), actor, outcome));
            rules.consentWithdrawnGrace().ifPresent(grace ->
                    erase(CONSENT_WITHDRAWN, candidates.consentWithdrawn(grace, now), actor, outcome));
        } catch (RuntimeException e) {
            sweeps.finished(sweepId, "FAILED", outcome);
            LOG.error("Retention sweep {} failed with {}", sweepId, e.getClass().getName());
            throw e;
        }
        sweeps.finished(sweepId, "COMPLETED", outcome);
        SweepReport report = new SweepReport(sweepId, "COMPLETED", now, outcome);
        LOG.info("Retention sweep {} erased {} persons: {}", sweepId, report.erased(), outcome);
        return report;
    }

    private void erase(String rule, List<Candidate> due, String actor, Map<String, Map<String, Integer>> outcome) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Candidate candidate : due) {
            CommandResult result = commands.erase(commandId(rule, candidate), actor, PURPOSE,
                    new EraseCustomer(candidate.customerId(), candidate.reason()));
            String kind = result.status() == CommandResult.Status.ACCEPTED
                    ? (result.code() == null ? "erased" : "deferred") : result.code().name();
            counts.merge(kind, 1, Integer::sum);
            meters.counter("lethe.retention.sweep", "rule", rule, "outcome", kind).increment();
        }
        if (!counts.isEmpty()) {
            outcome.put(rule, counts);
        }
    }

    private static UUID commandId(String rule, Candidate candidate) {
        return UUID.nameUUIDFromBytes(("lethe-retention|" + rule + "|" + candidate.customerId() + "|"
                + candidate.dueSince()).getBytes(StandardCharsets.UTF_8));
    }

    private static boolean advisoryLock(Connection connection, String function) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?)")) {
            statement.setLong(1, LOCK_KEY);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }
}
