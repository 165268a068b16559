package dev.lethe.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lethe.benchmark.axon.PlainAxonBaseline;
import dev.lethe.localstack.LocalPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.util.FileSystemUtils;

/**
 * The pipeline benchmark (issue 7): in one invocation and interleaved over rounds on the same machine, the
 * end-to-end ingest with encryption on and off, a fixed-rate latency run, long aggregates, audit verification,
 * the replay of the unified view against a raw {@code SELECT}, and plain Axon with its default configuration as
 * the baseline. Prints a table of min / median / max over the rounds and writes
 * {@code target/benchmarks/pipeline.json} with the machine description.
 *
 * <p>{@code mvn -B -q -pl infra/benchmarks exec:exec [-Dbenchmark.args="--commands=1000 --rounds=1"]}; options in
 * {@code --help} ({@link PipelineOptions#usage()}). Exits 1 when a scenario fails (a service that does not come up, a command
 * without an answer), 2 when the whole run exceeds {@code --give-up-after}.
 */
public final class PipelineBenchmark {

    private PipelineBenchmark() {
    }

    public static void main(String[] args) {
        int exitCode;
        try {
            PipelineOptions options = PipelineOptions.parse(args);
            if (options.help()) {
                System.out.print(PipelineOptions.usage());
            } else {
                giveUpAfter(options.giveUpAfter());
                run(options);
            }
            exitCode = 0;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            exitCode = 64;
        } catch (Exception e) {
            System.err.println("pipeline benchmark failed: " + e.getMessage());
            e.printStackTrace();
            exitCode = 1;
        }
        // Axon and Kafka clients may leave non-daemon threads; the platforms are closed by now
        System.exit(exitCode);
    }

    private static void run(PipelineOptions options) throws Exception {
        Instant started = Instant.now();
        String loadBefore = Machine.loadAverage();
        System.out.printf("load average before the run: %s (on %d cores)%n", loadBefore,
                Runtime.getRuntime().availableProcessors());
        Path services = Path.of(System.getProperty("lethe.services.dir", "infra/launcher/target/services"));
        if (options.statementStatistics()) {
            // the platform starts its server through the run command's code: this JVM-wide switch reaches it there
            System.setProperty(LocalPostgres.STATEMENT_STATISTICS_PROPERTY, "true");
        }
        Figures figures = new Figures();
        PlatformRun platformRun = new PlatformRun(options, services, figures);
        for (int round = 1; round <= options.rounds(); round++) {
            // alternate which mode goes first, so that neither always meets a warmer or colder machine
            PlatformRun.Mode first = round % 2 == 1 ? PlatformRun.Mode.ENCRYPTED : PlatformRun.Mode.PLAINTEXT;
            PlatformRun.Mode second = first == PlatformRun.Mode.ENCRYPTED ? PlatformRun.Mode.PLAINTEXT
                    : PlatformRun.Mode.ENCRYPTED;
            platformRun.run(first, round);
            platformRun.run(second, round);
            plainAxon(options, round, figures);
            double encrypted = figures.latest("encrypted ingest throughput");
            figures.add("encrypted / plaintext throughput", "ratio", new Figures.Target(true, 0.9),
                    encrypted / figures.latest("plaintext ingest throughput"));
            figures.add("Lethe / plain Axon 1 thread", "ratio", encrypted / figures.latest("plain Axon 1 thread"));
            figures.add("Lethe / plain Axon 8 threads", "ratio", encrypted / figures.latest("plain Axon 8 threads"));
        }
        Duration took = Duration.between(started, Instant.now());
        System.out.printf("%n%s%nmedians over %d round(s) of %,d commands; the whole run took %d min %d s%n",
                figures.table(), options.rounds(), options.commands(), took.toMinutes(), took.toSecondsPart());
        String loadAfter = Machine.loadAverage();
        System.out.printf("load average before / after: %s / %s%n", loadBefore, loadAfter);
        write(options, figures, took, loadBefore, loadAfter);
    }

    private static void plainAxon(PipelineOptions options, int round, Figures figures) throws Exception {
        Path data = Files.createTempDirectory("lethe-bench-axon");
        try (PlainAxonBaseline baseline = PlainAxonBaseline.start(data.resolve("postgres"))) {
            baseline.run(Math.min(options.warmUp(), options.axonCommands()), 1, round * 100L);
            double oneThread = baseline.run(options.axonCommands(), 1, round * 100L + 1);
            double eightThreads = baseline.run(options.axonCommands(), 8, round * 100L + 2);
            figures.add("plain Axon 1 thread", "commands/s", oneThread);
            figures.add("plain Axon 8 threads", "commands/s", eightThreads);
            System.out.printf("round %d plain Axon: %,.0f commands/s on 1 thread, %,.0f on 8 threads%n", round,
                    oneThread, eightThreads);
        } finally {
            FileSystemUtils.deleteRecursively(data);
        }
    }

    private static void write(PipelineOptions options, Figures figures, Duration took, String loadBefore,
                              String loadAfter) throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("measuredAt", Instant.now().toString());
        Map<String, Object> machine = Machine.describe();
        machine.put("loadAverageBefore", loadBefore);
        machine.put("loadAverageAfter", loadAfter);
        report.put("machine", machine);
        report.put("options", options.describe());
        report.put("durationSeconds", took.toSeconds());
        Map<String, Object> measured = new LinkedHashMap<>();
        for (Figures.Figure figure : figures.all()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("unit", figure.unit());
            Stats stats = figure.stats();
            entry.put("min", finite(stats.min()));
            entry.put("median", finite(stats.median()));
            entry.put("max", finite(stats.max()));
            entry.put("rounds", figure.values().stream().map(PipelineBenchmark::finite).toList());
            if (figure.target() != null) {
                entry.put("target", figure.target().toString());
                entry.put("targetMet", !Double.isNaN(stats.median()) && figure.target().metBy(stats.median()));
            }
            measured.put(figure.name(), entry);
        }
        report.put("figures", measured);
        Path file = Path.of("target", "benchmarks", "pipeline.json");
        Files.createDirectories(file.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
        System.out.println("written " + file.toAbsolutePath());
    }

    /** JSON has no NaN: a figure that was not measured is null. */
    private static Double finite(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }

    /** The last line of defence against a hang: the platforms' shutdown hooks stop every child on exit. */
    private static void giveUpAfter(Duration limit) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());
                System.err.println("pipeline benchmark gave up after " + limit.toSeconds() + " s");
                System.exit(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
