package dev.lethe.chaos;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run of the suite does: how many commands per phase at what rate, which faults, how long recovery and
 * quiescence may take, and where the run command's jar and the output are. {@code --name=value} options.
 *
 * @param commandsPerPhase commands sent in each phase (half before its fault, half after)
 * @param recoveryDeadline how long the platform may take, after a fault, to answer a new command and report UP
 * @param quietDeadline    how long the pipeline may take to drain once recovered (answers, lag, events, audit)
 * @param stallTimeout     quiescence is given up earlier when nothing at all moved for this long
 * @param poison           whether poison records are mixed into the load
 * @param consumerSessionTimeout the services' Kafka consumer session timeout, or {@code null} for the services' own
 *                         (Kafka's 45 s): how long a killed service's partitions wait before its restart gets them
 */
record ChaosOptions(int commandsPerPhase, double rate, long seed, List<Fault> faults, Duration recoveryDeadline,
                    Duration quietDeadline, Duration stallTimeout, Path launcherJar, Path outputDirectory,
                    boolean poison, boolean keepData, Duration consumerSessionTimeout) {

    static final String USAGE = """
            Usage: java -jar infra/chaos/target/lethe-chaos.jar [options]
              --commands=N            commands in all, spread over the phases (default 1500)
              --rate=R                commands per second (default 40)
              --seed=S                workload seed (default 13)
              --faults=a,b            phases to run, in order (default: all): %s
              --recovery-deadline=S   seconds a fault may take to recover (default 180)
              --quiet-deadline=S      seconds the pipeline may take to drain after recovery (default 180)
              --stall-timeout=S       stop waiting for quiescence when nothing moved for S seconds (default 60)
              --no-poison             leave poison records out of the load
              --launcher=JAR          the run command (default infra/launcher/target/lethe-local.jar)
              --out=DIR               history, report and platform logs (default infra/chaos/target/chaos)
              --keep-data             keep the platform's database and broker data after the run
            """.formatted(Fault.names());

    static ChaosOptions defaults(Path launcherJar, Path outputDirectory) {
        return new ChaosOptions(250, 40, 13, List.of(Fault.values()), Duration.ofSeconds(180), Duration.ofSeconds(180),
                Duration.ofSeconds(60), launcherJar, outputDirectory, true, false, null);
    }

    static ChaosOptions parse(String[] arguments) {
        Map<String, String> options = new HashMap<>();
        for (String argument : arguments) {
            if (!argument.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + argument);
            }
            String[] pair = argument.substring(2).split("=", 2);
            options.put(pair[0], pair.length > 1 ? pair[1] : "true");
        }
        ChaosOptions defaults = defaults(defaultLauncherJar(), defaultOutputDirectory());
        List<Fault> faults = defaults.faults();
        if (options.containsKey("faults")) {
            faults = new ArrayList<>();
            for (String name : options.remove("faults").split(",")) {
                faults.add(Fault.named(name.trim()));
            }
        }
        int commands = integer(options.remove("commands"), 1500);
        ChaosOptions parsed = new ChaosOptions(
                Math.max(2, commands / Math.max(1, faults.size())),
                Double.parseDouble(options.getOrDefault("rate", "40")),
                Long.parseLong(options.getOrDefault("seed", "13")),
                faults,
                Duration.ofSeconds(integer(options.remove("recovery-deadline"), 180)),
                Duration.ofSeconds(integer(options.remove("quiet-deadline"), 180)),
                Duration.ofSeconds(integer(options.remove("stall-timeout"), 60)),
                Path.of(options.getOrDefault("launcher", defaults.launcherJar().toString())),
                Path.of(options.getOrDefault("out", defaults.outputDirectory().toString())),
                !options.containsKey("no-poison"),
                options.containsKey("keep-data"),
                null);
        List.of("rate", "seed", "launcher", "out", "no-poison", "keep-data", "help").forEach(options::remove);
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("unknown option --" + options.keySet().iterator().next());
        }
        if (parsed.rate() <= 0) {
            throw new IllegalArgumentException("--rate must be positive");
        }
        return parsed;
    }

    ChaosOptions withCommandsPerPhase(int commands) {
        return new ChaosOptions(commands, rate, seed, faults, recoveryDeadline, quietDeadline, stallTimeout, launcherJar,
                outputDirectory, poison, keepData, consumerSessionTimeout);
    }

    ChaosOptions withDeadlines(Duration recovery, Duration quiet, Duration stall) {
        return new ChaosOptions(commandsPerPhase, rate, seed, faults, recovery, quiet, stall, launcherJar,
                outputDirectory, poison, keepData, consumerSessionTimeout);
    }

    ChaosOptions withFaults(List<Fault> phases) {
        return new ChaosOptions(commandsPerPhase, rate, seed, List.copyOf(phases), recoveryDeadline, quietDeadline,
                stallTimeout, launcherJar, outputDirectory, poison, keepData, consumerSessionTimeout);
    }

    /** The same faults and invariants, with a killed service's partitions moving to its restart after {@code timeout}. */
    ChaosOptions withConsumerSessionTimeout(Duration timeout) {
        return new ChaosOptions(commandsPerPhase, rate, seed, faults, recoveryDeadline, quietDeadline, stallTimeout,
                launcherJar, outputDirectory, poison, keepData, timeout);
    }

    int totalCommands() {
        return commandsPerPhase * faults.size();
    }

    private static int integer(String value, int fallback) {
        return value == null ? fallback : Integer.parseInt(value.trim());
    }

    /** The system property {@code lethe.launcher.jar}, else the launcher module's jar next to this module's. */
    static Path defaultLauncherJar() {
        String configured = System.getProperty("lethe.launcher.jar");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path sibling = ownTargetDirectory().resolve("../../launcher/target/lethe-local.jar").normalize();
        return Files.isRegularFile(sibling) ? sibling : Path.of("infra/launcher/target/lethe-local.jar");
    }

    private static Path defaultOutputDirectory() {
        return ownTargetDirectory().resolve("chaos");
    }

    /** infra/chaos/target when run from the built jar or the module's classes. */
    private static Path ownTargetDirectory() {
        try {
            Path location = Path.of(ChaosOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.getParent().toAbsolutePath();
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("infra/chaos/target").toAbsolutePath();
        }
    }
}
