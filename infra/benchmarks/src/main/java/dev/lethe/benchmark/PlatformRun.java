package dev.lethe.benchmark;

import dev.lethe.local.LaunchOptions;
import dev.lethe.local.LethePlatform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.util.FileSystemUtils;

/**
 * One mode of one round: a fresh platform (database, broker, both services), the warm-up, the closed-loop ingest
 * with visibility and erasure samples and CPU time, and, with encryption on, the scenarios that measure the
 * product rather than the cost of encryption: the fixed-rate run, long aggregates, audit verification and replay.
 */
final class PlatformRun {

    enum Mode {
        // the benchmark profile lifts the query service's rate limit (the replay and audit scenarios call the API): the same in both modes
        ENCRYPTED("encrypted", List.of("--spring.profiles.active=local,benchmark")),
        PLAINTEXT("plaintext", List.of("--spring.profiles.active=local,benchmark", "--lethe.benchmark.plaintext-events=true"));

        final String label;
        final List<String> arguments;

        Mode(String label, List<String> arguments) {
            this.label = label;
            this.arguments = arguments;
        }
    }

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private final PipelineOptions options;
    private final Path servicesDirectory;
    private final Figures figures;

    PlatformRun(PipelineOptions options, Path servicesDirectory, Figures figures) {
        this.options = options;
        this.servicesDirectory = servicesDirectory;
        this.figures = figures;
    }

    void run(Mode mode, int round) throws Exception {
        Path data = Files.createTempDirectory("lethe-bench-" + mode.label);
        List<String> arguments = new ArrayList<>(mode.arguments);
        arguments.addAll(options.serviceArguments());
        try (LethePlatform platform = LethePlatform.start(launchOptions(data, arguments));
             CommandChannel channel = new CommandChannel(platform.bootstrapServers());
             ViewProbe probe = new ViewProbe(platform.jdbcUrl());
             ConsumerProgress progress = new ConsumerProgress(platform.bootstrapServers())) {
            MixedLoad load = new MixedLoad(channel, probe, 42L + round);
            load.closedLoop(options.warmUp(), options.window(), 0, RUN_TIMEOUT);
            Map<String, Supplier<List<Long>>> processes = processes(platform);
            DatabaseActivity database = new DatabaseActivity(platform.jdbcUrl());
            DatabaseActivity.Snapshot databaseBefore = database.take();
            long probeQueriesBefore = probe.queries();
            CpuUsage.Snapshot before = CpuUsage.take(processes);
            MixedLoad.Outcome ingest = load.closedLoop(options.commands(), options.window(),
                    options.visibilitySamples(), RUN_TIMEOUT);
            CpuUsage.Snapshot after = CpuUsage.take(processes);
            long ownReads = probe.queries() - probeQueriesBefore + DatabaseActivity.READS_PER_SNAPSHOT;
            Map<String, Double> perCommand = database.take().perCommandSince(databaseBefore, options.commands(), ownReads);
            recordIngest(mode, round, ingest, after.perThousandSince(before, options.commands()));
            recordDatabase(mode, round, perCommand);
            if (mode == Mode.ENCRYPTED) {
                fixedRate(load, round);
                longAggregates(channel, round);
                audit(platform, progress, round);
                replay(platform, progress, round);
                auditTrailReplay(platform, arguments, progress, round);
            }
        } finally {
            FileSystemUtils.deleteRecursively(data);
        }
    }

    /** An embedded stack on free ports; start-up may take minutes on a machine busy with other work. */
    private LaunchOptions launchOptions(Path data, List<String> arguments) {
        LaunchOptions embedded = LaunchOptions.embedded(data, 0, 0, 0, 0, 0, servicesDirectory);
        return new LaunchOptions(embedded.dataDirectory(), 0, 0, 0, 0, 0, null, null, null, null, servicesDirectory,
                START_TIMEOUT, false, arguments);
    }

    private void recordIngest(Mode mode, int round, MixedLoad.Outcome ingest, Map<String, Double> cpu) {
        String prefix = mode.label + " ";
        boolean encrypted = mode == Mode.ENCRYPTED;
        figures.add(prefix + "ingest throughput", "commands/s", encrypted ? new Figures.Target(true, 3_000) : null,
                ingest.perSecond());
        figures.add(prefix + "command->result p50", "ms", ingest.result().percentile(50));
        figures.add(prefix + "command->result p95", "ms", ingest.result().percentile(95));
        figures.add(prefix + "command->result p99", "ms", ingest.result().percentile(99));
        figures.add(prefix + "command->visible p50", "ms", ingest.visible().percentile(50));
        figures.add(prefix + "command->visible p95", "ms", ingest.visible().percentile(95));
        figures.add(prefix + "command->visible p99", "ms", ingest.visible().percentile(99));
        figures.add(prefix + "erase->410 p50", "ms", ingest.erasure().percentile(50));
        figures.add(prefix + "erase->410 max", "ms", ingest.erasure().max());
        cpu.forEach((process, seconds) -> figures.add(prefix + "CPU " + process, "s/1000 cmds", seconds));
        System.out.printf("round %d %-9s %,8.0f commands/s  result p50/p99 %s/%s ms  visible p50/p99 %s/%s ms (%d "
                        + "samples)  erase->410 p50/max %s/%s ms (%d)  CPU machine %s s/1000%s%s%n",
                round, mode.label, ingest.perSecond(), Figures.format(ingest.result().percentile(50)),
                Figures.format(ingest.result().percentile(99)), Figures.format(ingest.visible().percentile(50)),
                Figures.format(ingest.visible().percentile(99)), ingest.visible().count(),
                Figures.format(ingest.erasure().percentile(50)), Figures.format(ingest.erasure().max()),
                ingest.erasure().count(), Figures.format(cpu.get("machine")),
                ingest.unobserved() > 0 ? "  (" + ingest.unobserved() + " view samples not observed: erased before a sweep saw them, or timed out)" : "",
                ingest.rejections().isEmpty() ? "" : "  REJECTED " + ingest.rejections());
    }

    /** Every counter per command; the table's rows after the CPU figures of the same mode. */
    private void recordDatabase(Mode mode, int round, Map<String, Double> perCommand) {
        perCommand.forEach((counter, value) -> figures.add(mode.label + " " + counter + "/cmd", "per command", value));
        System.out.printf("round %d %-9s per command: %s transactions, %s rows inserted, %s rows updated, %s "
                        + "statements (all roles)%n", round, mode.label,
                Figures.format(perCommand.getOrDefault(DatabaseActivity.TRANSACTIONS, Double.NaN)),
                Figures.format(perCommand.getOrDefault("DB rows inserted", Double.NaN)),
                Figures.format(perCommand.getOrDefault("DB rows updated", Double.NaN)),
                Figures.format(DatabaseActivity.statements(perCommand)));
    }

    private void fixedRate(MixedLoad load, int round) {
        MixedLoad.Outcome paced = load.fixedRate(options.rate() * options.rateSeconds(), options.rate(), RUN_TIMEOUT);
        figures.add("fixed " + options.rate() + "/s command->result p50", "ms", paced.result().percentile(50));
        figures.add("fixed " + options.rate() + "/s command->result p99", "ms", new Figures.Target(false, 50),
                paced.result().percentile(99));
        figures.add("fixed " + options.rate() + "/s achieved", "commands/s", paced.perSecond());
        System.out.printf("round %d fixed rate %d/s: result p50/p99 %s/%s ms, answered at %,.0f commands/s%n", round,
                options.rate(), Figures.format(paced.result().percentile(50)),
                Figures.format(paced.result().percentile(99)), paced.perSecond());
    }

    private void longAggregates(CommandChannel channel, int round) {
        LongAggregates.Outcome outcome = new LongAggregates(channel)
                .measure(options.longHistory(), options.shortHistory(), options.longSamples());
        String longLabel = options.longHistory() + "-event customer";
        String shortLabel = options.shortHistory() + "-event customer";
        figures.add(longLabel + " p50", "ms", outcome.longHistory().percentile(50));
        figures.add(longLabel + " p99", "ms", outcome.longHistory().percentile(99));
        figures.add(shortLabel + " p50", "ms", outcome.shortHistory().percentile(50));
        figures.add(shortLabel + " p99", "ms", outcome.shortHistory().percentile(99));
        figures.add("long / short p50", "ratio", new Figures.Target(false, 2),
                outcome.longHistory().percentile(50) / outcome.shortHistory().percentile(50));
        System.out.printf("round %d long aggregates: %s p50/p99 %s/%s ms, %s p50/p99 %s/%s ms%n", round, longLabel,
                Figures.format(outcome.longHistory().percentile(50)), Figures.format(outcome.longHistory().percentile(99)),
                shortLabel, Figures.format(outcome.shortHistory().percentile(50)),
                Figures.format(outcome.shortHistory().percentile(99)));
    }

    private void audit(LethePlatform platform, ConsumerProgress progress, int round) throws Exception {
        AuditVerification.Outcome verified = AuditVerification.measure(platform.queryUrl(), progress);
        figures.add("audit verification", "entries/s", new Figures.Target(true, 300_000), verified.perSecond());
        System.out.printf("round %d audit verification: %,d entries in %.3f s = %,.0f entries/s%n", round,
                verified.entries(), verified.seconds(), verified.perSecond());
    }

    private void replay(LethePlatform platform, ConsumerProgress progress, int round) throws Exception {
        Replay.Outcome replay = Replay.measure(platform.queryUrl(), platform.jdbcUrl(), progress);
        figures.add("view replay", "events/s", new Figures.Target(true, 30_000), replay.replayPerSecond());
        figures.add("raw SELECT of the event rows", "events/s", replay.selectPerSecond());
        figures.add("view replay / raw SELECT", "ratio", replay.replayPerSecond() / replay.selectPerSecond());
        System.out.printf("round %d replay: %,d events in %.2f s = %,.0f events/s; raw SELECT %,d rows in %.3f s = "
                        + "%,.0f rows/s%n", round, replay.events(), replay.replaySeconds(), replay.replayPerSecond(),
                replay.rows(), replay.selectSeconds(), replay.selectPerSecond());
    }

    private void auditTrailReplay(LethePlatform platform, List<String> arguments, ConsumerProgress progress, int round)
            throws Exception {
        AuditTrailReplay.Outcome rebuilt = AuditTrailReplay.measure(servicesDirectory, platform.logsDirectory(),
                platform.jdbcUrl(), platform.bootstrapServers(), arguments, progress);
        figures.add("audit trail replay", "events/s", new Figures.Target(true, 30_000), rebuilt.perSecond());
        figures.add("audit trail replay / raw SELECT", "ratio",
                rebuilt.perSecond() / figures.latest("raw SELECT of the event rows"));
        System.out.printf("round %d audit trail replay: %,d events in %.2f s = %,.0f events/s%n", round,
                rebuilt.events(), rebuilt.seconds(), rebuilt.perSecond());
    }

    /**
     * The platform's children in start order (both services, then the broker) and the embedded PostgreSQL server with
     * its connection processes, found through its data directory.
     */
    private static Map<String, Supplier<List<Long>>> processes(LethePlatform platform) {
        List<Long> pids = platform.childPids();
        Map<String, Supplier<List<Long>>> named = new LinkedHashMap<>();
        List<String> names = List.of("command-service", "query-service", "kafka");
        for (int i = 0; i < Math.min(pids.size(), names.size()); i++) {
            List<Long> pid = List.of(pids.get(i));
            named.put(names.get(i), () -> pid);
        }
        Path postgresData = platform.dataDirectory().resolve("postgres");
        named.put("postgresql", () -> CpuUsage.postgres(postgresData));
        return named;
    }
}
