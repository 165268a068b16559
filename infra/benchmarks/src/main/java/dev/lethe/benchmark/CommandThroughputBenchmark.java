package dev.lethe.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lethe.local.LaunchOptions;
import dev.lethe.local.LethePlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.util.FileSystemUtils;

/**
 * Single-instance command throughput of the command service, with crypto-shredding and, as the baseline
 * measured in the same run, with personal fields stored in plaintext (benchmark-only mode). Each round
 * starts a fresh platform per mode, interleaving the modes so that drift of the machine hits both alike.
 *
 * <p>Usage: {@code java -cp … dev.lethe.benchmark.CommandThroughputBenchmark [commands] [rounds]
 * [--service.argument=value,…]}; extra arguments go to both services, e.g. to compare settings.
 */
public final class CommandThroughputBenchmark {

    private static final int WARM_UP = 500;

    private CommandThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int commands = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> serviceArguments = args.length > 2 ? List.of(args[2].split(",")) : List.of();
        Path services = Path.of(System.getProperty("lethe.services.dir", "infra/launcher/target/services"));
        Map<String, List<Double>> throughput = new LinkedHashMap<>();
        throughput.put("encrypted", new ArrayList<>());
        throughput.put("plaintext", new ArrayList<>());
        for (int round = 1; round <= rounds; round++) {
            for (String mode : throughput.keySet()) {
                double perSecond = measure(services, mode, commands, serviceArguments);
                throughput.get(mode).add(perSecond);
                System.out.printf("round %d %-9s %8.0f commands/s%n", round, mode, perSecond);
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("commands", commands);
        report.put("rounds", rounds);
        report.put("machine", Machine.describe());
        System.out.printf("%n%-10s %8s %8s %8s%n", "mode", "min", "median", "max");
        for (var entry : throughput.entrySet()) {
            Stats stats = Stats.of(entry.getValue());
            System.out.printf("%-10s %8.0f %8.0f %8.0f  commands/s%n", entry.getKey(), stats.min(), stats.median(), stats.max());
            report.put(entry.getKey() + "CommandsPerSecond", stats);
        }
        double ratio = Stats.of(throughput.get("encrypted")).median() / Stats.of(throughput.get("plaintext")).median();
        System.out.printf("encrypted / plaintext = %.2f%n", ratio);
        report.put("encryptedOverPlaintext", ratio);
        write(report, Path.of("target", "benchmarks", "command-throughput.json"));
    }

    private static double measure(Path services, String mode, int commands, List<String> serviceArguments)
            throws Exception {
        Path data = Files.createTempDirectory("lethe-bench-" + mode);
        List<String> extra = new ArrayList<>(serviceArguments);
        if (mode.equals("plaintext")) {
            extra.addAll(List.of("--spring.profiles.active=local,benchmark", "--lethe.benchmark.plaintext-events=true"));
        }
        try (LethePlatform platform = LethePlatform.start(LaunchOptions.embedded(data, 0, 0, 0, 0, 0, services)
                .withServiceArguments(extra));
             CommandLoad load = new CommandLoad(platform.bootstrapServers())) {
            load.run(WARM_UP, Duration.ofMinutes(2));
            return load.run(commands, Duration.ofMinutes(5));
        } finally {
            FileSystemUtils.deleteRecursively(data);
        }
    }

    private static void write(Map<String, Object> report, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
        System.out.println("written " + file.toAbsolutePath());
    }
}
