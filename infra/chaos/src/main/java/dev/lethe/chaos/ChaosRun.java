package dev.lethe.chaos;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One run of the suite: the run command started on a fresh data directory, then one phase per fault. A phase sends
 * its load at a fixed rate, injects its fault halfway, waits for recovery (a new command answered and both services
 * UP) within a deadline, then for quiescence (every command answered, every consumer group at lag 0, every stored
 * event published and audited), and checks the invariants. A platform that does not recover by itself is restarted
 * by the suite so that the later phases can still run; the report says so.
 */
final class ChaosRun {
    /** Sent after a fault that outlasted the phase's own load, so that recovery has commands to answer. */
    private static final int PROBE_COMMANDS = 10;

    // Awaitility waits one poll interval before its first check unless told otherwise: every wait of a phase (recovery,
    // quiescence, the check) began with a fixed pause; they now check at once, then every second
    private static final Duration POLL = Duration.ofSeconds(1);
    /** How long a partition must stay behind, once everything drained, to count as stuck. */
    private static final Duration STUCK_GRACE = Duration.ofSeconds(30);

    private final ChaosOptions options;
    private final boolean stopAtFirstFailure;
    private final Checker checker = new Checker();
    private final Map<Invariant, Set<String>> alreadyReported = new EnumMap<>(Invariant.class);

    private PlatformUnderTest platform;
    private History history;
    private Load load;
    private Observer observer;

    /**
     * @param stopAtFirstFailure end the run after the first phase with a violation or without automatic recovery:
     *                           a test has failed by then, and every later phase could take its full deadlines
     */
    ChaosRun(ChaosOptions options, boolean stopAtFirstFailure) {
        this.options = options;
        this.stopAtFirstFailure = stopAtFirstFailure;
        for (Invariant invariant : Invariant.values()) {
            alreadyReported.put(invariant, new HashSet<>());
        }
    }

    Report run(String codeUnderTest) {
        Path out = options.outputDirectory().toAbsolutePath();
        Path data = out.resolve("platform");
        deleteRecursively(data);
        Report report = new Report(codeUnderTest);
        platform = new PlatformUnderTest(options.launcherJar(), data, out.resolve("run-command.log"),
                options.consumerSessionTimeout());
        Thread cleanUp = new Thread(platform::stop, "chaos-clean-up");
        Runtime.getRuntime().addShutdownHook(cleanUp);
        try {
            say("starting the run command (data " + data + ")");
            platform.start();
            try (History recorded = new History(out.resolve("history.jsonl"));
                 ResultReader results = new ResultReader(platform.bootstrapServers(), recorded);
                 Load sending = new Load(platform.bootstrapServers(), new Workload(options.seed(), options.poison()),
                         recorded);
                 EventTopic events = new EventTopic(platform.bootstrapServers());
                 ConsumerLag lag = new ConsumerLag(platform.bootstrapServers())) {
                history = recorded;
                load = sending;
                observer = new Observer(new Database(platform.jdbcUrl()), events, lag);
                for (Fault fault : options.faults()) {
                    Report.Row row = phase(fault);
                    report.add(row);
                    say(fault.id + ": " + (row.clean() ? "clean" : "VIOLATIONS " + row.counts()) + ", recovery "
                            + row.recovery().label);
                    boolean failed = !row.clean() || !row.quiet() || (row.recovery() != Report.Recovery.NONE
                            && row.recovery() != Report.Recovery.AUTOMATIC);
                    if (failed && stopAtFirstFailure) {
                        say("stopping at the first failed phase; the full version runs them all");
                        break;
                    }
                }
            }
        } finally {
            platform.stop();
            Runtime.getRuntime().removeShutdownHook(cleanUp);
            if (!options.keepData()) {
                // the logs stay for whoever reads the report; the database and broker data are large
                deleteRecursively(data.resolve("postgres"));
                deleteRecursively(data.resolve("kafka"));
            }
        }
        report.write(out, options);
        return report;
    }

    private Report.Row phase(Fault fault) {
        int count = options.commandsPerPhase();
        long phaseStart = System.nanoTime();
        List<History.Sent> before = history.sent();
        say(fault.id + ": sending " + count + " commands at " + options.rate() + "/s");
        Load.Run run = load.start(fault.id, count, options.rate());
        Duration loadDeadline = Duration.ofSeconds((long) (count / options.rate()) + 300);
        long faultAt = -1;
        Report.Recovery recovery = Report.Recovery.NONE;
        if (fault != Fault.NONE) {
            await("half of the phase's load").atMost(loadDeadline).pollInterval(Duration.ofMillis(50))
                    .until(() -> run.handedOver() >= count / 2 || run.finished());
            say(fault.id + ": injecting " + fault.label);
            try {
                fault.inject(platform);
            } catch (RuntimeException e) {
                say(fault.id + ": injecting the fault failed: " + e.getMessage());
            }
            // recovery is timed from the moment the fault is complete: the killed process, or the platform, is gone
            faultAt = System.nanoTime();
            history.note("fault", fault.id, faultAt, Map.of("fault", fault.label));
            if (fault.needsRunCommandAgain()) {
                try {
                    platform.start();
                } catch (RuntimeException e) {
                    say(fault.id + ": the run command did not start again: " + e.getMessage());
                }
            }
        }
        Load.Run probe = null;
        if (fault != Fault.NONE) {
            if (run.handedOver() > count - PROBE_COMMANDS) {
                // Killing can take longer than the rest of the phase's load (a killed PostgreSQL is waited for until
                // its last backend is gone): without commands sent after the fault, recovery could never be seen.
                probe = load.start(fault.id, PROBE_COMMANDS, options.rate());
            }
            // while the load goes on: with the broker dead and nobody restarting it, the load itself cannot finish
            recovery = awaitRecovery(fault, faultAt);
        }
        await("the phase's load handed to the producer").atMost(loadDeadline).pollInterval(Duration.ofMillis(200))
                .until(run::finished);
        if (probe != null) {
            await("the probe commands handed to the producer").atMost(loadDeadline)
                    .pollInterval(Duration.ofMillis(200)).until(probe::finished);
        }
        await("every record acknowledged or given up by the producer").atMost(Duration.ofMinutes(6))
                .pollInterval(Duration.ofMillis(200)).until(() -> history.pendingSends() == 0);
        long quietAt = awaitQuiescence(fault);
        Checker.Verdict verdict = checkWithRetries();
        Map<Invariant, Set<String>> fresh = new EnumMap<>(Invariant.class);
        verdict.violations().forEach((invariant, ids) -> {
            Set<String> added = new TreeSet<>(ids);
            added.removeAll(alreadyReported.get(invariant));
            alreadyReported.get(invariant).addAll(added);
            fresh.put(invariant, added);
        });
        List<History.Sent> all = history.sent();
        List<History.Sent> phaseRecords = all.subList(before.size(), all.size());
        int acknowledged = (int) phaseRecords.stream().filter(s -> s.delivery == History.Delivery.ACKNOWLEDGED).count();
        int failed = (int) phaseRecords.stream().filter(s -> s.delivery == History.Delivery.FAILED).count();
        long firstAnswer = faultAt < 0 ? -1 : history.firstAnswerToCommandSentAfter(faultAt);
        Double firstAnswerSeconds = firstAnswer < 0 ? null : seconds(firstAnswer - faultAt);
        Double quietSeconds = quietAt < 0 || faultAt < 0 ? null : seconds(quietAt - faultAt);
        Map<String, Integer> counts = new java.util.TreeMap<>();
        fresh.forEach((invariant, ids) -> counts.put(invariant.column, ids.size()));
        history.note("checked", fault.id, System.nanoTime(), Map.of("violations", counts,
                "phaseSeconds", seconds(System.nanoTime() - phaseStart)));
        return Report.row(fault, acknowledged, failed, fresh, verdict.explanations(), recovery, firstAnswerSeconds,
                quietSeconds, quietAt >= 0);
    }

    /**
     * Recovered = a command sent after the fault was answered and both services report UP. A run command that
     * exited cannot recover by itself, so that is not waited for.
     */
    private Report.Recovery awaitRecovery(Fault fault, long faultAt) {
        BooleanSupplier recovered = () -> history.firstAnswerToCommandSentAfter(faultAt) > 0 && platform.healthy();
        if (waitFor(options.recoveryDeadline(), () -> recovered.getAsBoolean() || !platform.runCommandAlive())
                && platform.runCommandAlive()) {
            say(fault.id + ": recovered by itself after " + seconds(System.nanoTime() - faultAt) + " s");
            return Report.Recovery.AUTOMATIC;
        }
        say(fault.id + ": no recovery " + (platform.runCommandAlive()
                ? "within " + options.recoveryDeadline().toSeconds() + " s" : "(the run command exited)")
                + "; the suite restarts the run command");
        history.note("suite-restart", fault.id, System.nanoTime(), Map.of());
        platform.stop();
        try {
            platform.start();
        } catch (RuntimeException e) {
            say(fault.id + ": the run command did not start again: " + e.getMessage());
            return Report.Recovery.NEVER;
        }
        return waitFor(options.recoveryDeadline(), recovered) ? Report.Recovery.SUITE_RESTART : Report.Recovery.NEVER;
    }

    /**
     * Quiet = nothing left in flight: every owed answer given, every consumer group at lag 0, every stored event on
     * {@code lethe.events} and in the audit trail. Given up at the deadline, or earlier when nothing at all moved
     * for the stall timeout (a jammed partition does not unjam by waiting). Returns when it became quiet, or -1.
     */
    private long awaitQuiescence(Fault fault) {
        AtomicReference<List<Long>> lastProgress = new AtomicReference<>(List.of());
        long[] lastChange = {System.nanoTime()};
        AtomicBoolean quiet = new AtomicBoolean();
        waitFor(options.quietDeadline(), () -> {
            Observations observed;
            try {
                observed = observer.observe();
            } catch (Exception unreachable) {
                return false;
            }
            Checker.Verdict verdict = checker.check(history.sent(), history.answers(), observed);
            // what an earlier phase already left behind (and reported) does not keep this one from being quiet
            if (Stream.of(Invariant.UNANSWERED, Invariant.STUCK, Invariant.NOT_PUBLISHED, Invariant.NOT_AUDITED)
                    .allMatch(invariant -> alreadyReported.get(invariant).containsAll(verdict.of(invariant)))) {
                quiet.set(true);
                return true;
            }
            List<Long> progress = List.of((long) history.answerCount(), (long) observed.store().size(),
                    (long) observed.published().size(), (long) observed.audit().size(),
                    observed.lags().stream().mapToLong(Observations.PartitionLag::lag).sum());
            if (!progress.equals(lastProgress.getAndSet(progress))) {
                lastChange[0] = System.nanoTime();
            }
            return System.nanoTime() - lastChange[0] > options.stallTimeout().toNanos();
        });
        if (quiet.get()) {
            return System.nanoTime();
        }
        say(fault.id + ": not drained (stalled for " + options.stallTimeout().toSeconds() + " s or past the "
                + options.quietDeadline().toSeconds() + " s deadline); checking what is there");
        return -1;
    }

    private Checker.Verdict checkWithRetries() {
        AtomicReference<Checker.Verdict> verdict = new AtomicReference<>();
        await("a consistent read of store, topic, view and audit trail").atMost(Duration.ofMinutes(2))
                .pollDelay(Duration.ZERO).pollInterval(POLL).ignoreExceptions().until(() -> {
                    verdict.set(checker.check(history.sent(), history.answers(), observer.observe()));
                    return true;
                });
        if (!verdict.get().of(Invariant.STUCK).isEmpty()) {
            // a lag gone a moment later is traffic, not a stuck partition: the command-topic purger appends a
            // segment-roll marker to an idle partition every segment-roll interval, and the ingress consumes it at
            // once; a partition that really is jammed still lags at the end of this grace
            waitFor(STUCK_GRACE, () -> {
                try {
                    verdict.set(checker.check(history.sent(), history.answers(), observer.observe()));
                } catch (Exception unreachable) {
                    return false;
                }
                return verdict.get().of(Invariant.STUCK).isEmpty();
            });
        }
        return verdict.get();
    }

    private static boolean waitFor(Duration deadline, BooleanSupplier condition) {
        try {
            await().atMost(deadline).pollDelay(Duration.ZERO).pollInterval(POLL).until(condition::getAsBoolean);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e8) / 10.0;
    }

    private static void say(String message) {
        System.out.println("[chaos] " + message);
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }

    /** Reads everything the checker compares, each source once. */
    record Observer(Database database, EventTopic events, ConsumerLag lag) {

        Observations observe() throws Exception {
            List<Observations.PublishedEvent> published = events.catchUp();
            List<Observations.PartitionLag> lags = lag.lags();
            Database.View view = database.view();
            List<Observations.AuditEntry> audit = database.auditEntries();
            // the store last: whatever the others show must already be in it, or it is a phantom
            List<Observations.StoredEvent> store = database.storedEvents();
            return new Observations(store, published, audit, view.rows(), view.tombstones(), view.customersWithRows(),
                    lags);
        }
    }
}
