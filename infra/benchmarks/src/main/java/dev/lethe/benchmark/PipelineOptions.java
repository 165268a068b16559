package dev.lethe.benchmark;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline benchmark's settings, each {@code --name=value}; every one has a default so that the bare command
 * runs the whole program. {@code --service-args} passes extra Spring arguments to both services (comma-separated),
 * e.g. to compare settings.
 */
record PipelineOptions(int commands, int rounds, int warmUp, int window, int visibilitySamples, int rate,
                       int rateSeconds, int longHistory, int shortHistory, int longSamples, int axonCommands,
                       Duration giveUpAfter, List<String> serviceArguments) {

    static final String USAGE = """
            Usage: PipelineBenchmark [--name=value ...]
              --commands=3000           commands per ingest run (after the warm-up), each mode and round
              --rounds=2                rounds; modes interleaved within each round
              --warm-up=500             warm-up commands per platform, not measured
              --window=500              closed-loop ingest: most commands in flight at once
              --visibility-samples=200  registrations watched until visible in the unified view
              --rate=1000               fixed-rate run (encrypted): commands per second, open loop
              --rate-seconds=2          fixed-rate run: how long
              --long-history=1000       events of the long customer
              --short-history=10        events of each short customer
              --long-samples=50         sequential commands measured on each
              --axon-commands=3000      commands per plain-Axon run (1 and 8 threads)
              --give-up-after=3600      seconds until the whole program gives up (exit 2)
              --service-args=A,B        extra arguments for both services
            """;

    static PipelineOptions parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("unexpected argument " + arg + "\n" + USAGE);
            }
            String[] pair = arg.substring(2).split("=", 2);
            values.put(pair[0], pair[1]);
        }
        Reader reader = new Reader(values);
        PipelineOptions options = new PipelineOptions(reader.positive("commands", 3_000), reader.positive("rounds", 2),
                reader.positive("warm-up", 500), reader.positive("window", 500),
                reader.positive("visibility-samples", 200), reader.positive("rate", 1_000),
                reader.positive("rate-seconds", 2), reader.positive("long-history", 1_000),
                reader.positive("short-history", 10), reader.positive("long-samples", 50),
                reader.positive("axon-commands", 3_000), Duration.ofSeconds(reader.positive("give-up-after", 3_600)),
                values.containsKey("service-args") ? Arrays.asList(values.remove("service-args").split(",")) : List.of());
        values.keySet().removeAll(Reader.READ);
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown option --" + values.keySet().iterator().next() + "\n" + USAGE);
        }
        return options;
    }

    Map<String, Object> describe() {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("commands", commands);
        described.put("rounds", rounds);
        described.put("warmUp", warmUp);
        described.put("window", window);
        described.put("visibilitySamples", visibilitySamples);
        described.put("fixedRatePerSecond", rate);
        described.put("fixedRateSeconds", rateSeconds);
        described.put("longHistory", longHistory);
        described.put("shortHistory", shortHistory);
        described.put("longSamples", longSamples);
        described.put("axonCommands", axonCommands);
        described.put("serviceArguments", serviceArguments);
        return described;
    }

    private record Reader(Map<String, String> values) {

        static final List<String> READ = List.of("commands", "rounds", "warm-up", "window", "visibility-samples", "rate",
                "rate-seconds", "long-history", "short-history", "long-samples", "axon-commands", "give-up-after");

        int positive(String name, int fallback) {
            String value = values.get(name);
            if (value == null) {
                return fallback;
            }
            try {
                int parsed = Integer.parseInt(value.trim());
                if (parsed <= 0) {
                    throw new IllegalArgumentException("--" + name + " must be positive, not " + value);
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " needs a whole number, not " + value);
            }
        }
    }
}
