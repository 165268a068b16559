package dev.lethe.benchmark;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The pipeline benchmark's settings, each {@code --name=value}; every one has a default so that the bare command
 * runs the whole program. {@code --service-args} passes extra Spring arguments to both services (comma-separated),
 * e.g. to compare settings.
 */
record PipelineOptions(int commands, int rounds, int warmUp, int window, int visibilitySamples, int rate,
                       int rateSeconds, int longHistory, int shortHistory, int longSamples, int axonCommands,
                       Duration giveUpAfter, List<String> serviceArguments, boolean statementStatistics,
                       boolean help) {

    static String usage() {
        return commandLine(new Arguments()).getUsageMessage();
    }

    /** @throws IllegalArgumentException naming the option that is unknown or not a positive whole number */
    static PipelineOptions parse(String[] args) {
        Arguments arguments = new Arguments();
        try {
            commandLine(arguments).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw refusal(e);
        }
        return new PipelineOptions(arguments.commands, arguments.rounds, arguments.warmUp, arguments.window,
                arguments.visibilitySamples, arguments.rate, arguments.rateSeconds, arguments.longHistory,
                arguments.shortHistory, arguments.longSamples, arguments.axonCommands,
                Duration.ofSeconds(arguments.giveUpAfter),
                arguments.serviceArguments == null ? List.of() : List.copyOf(arguments.serviceArguments),
                arguments.statementStatistics, arguments.help);
    }

    private static CommandLine commandLine(Arguments arguments) {
        // a later option wins, as it always did; a service argument is passed on as it is (no ${...} expansion)
        return new CommandLine(arguments).setOverwrittenOptionsAllowed(true).setInterpolateVariables(false);
    }

    /** The option as the user typed it and what is wrong with its value; the usage after an unknown option. */
    private static IllegalArgumentException refusal(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String argument = unmatched.getUnmatched().get(0);
            String problem = argument.startsWith("--") ? "unknown option " + argument.split("=", 2)[0]
                    : "unexpected argument " + argument;
            return new IllegalArgumentException(problem + "\n" + usage());
        }
        if (e.getCause() instanceof TypeConversionException invalid && e.getArgSpec() instanceof OptionSpec option) {
            return new IllegalArgumentException(option.longestName() + " " + invalid.getMessage());
        }
        return new IllegalArgumentException(e.getMessage(), e);
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
        described.put("statementStatistics", statementStatistics);
        return described;
    }

    @Command(name = "PipelineBenchmark", sortOptions = false, usageHelpWidth = 120,
            description = "The pipeline benchmark; every option has a default, so the bare command runs it all.")
    static final class Arguments {

        @Option(names = "--commands", defaultValue = "3000", converter = Positive.class,
                description = "commands per ingest run (after the warm-up), each mode and round (default 3000)")
        int commands;

        @Option(names = "--rounds", defaultValue = "2", converter = Positive.class,
                description = "rounds; modes interleaved within each round (default 2)")
        int rounds;

        @Option(names = "--warm-up", defaultValue = "500", converter = Positive.class,
                description = "warm-up commands per platform, not measured (default 500)")
        int warmUp;

        @Option(names = "--window", defaultValue = "500", converter = Positive.class,
                description = "closed-loop ingest: most commands in flight at once (default 500)")
        int window;

        @Option(names = "--visibility-samples", defaultValue = "200", converter = Positive.class,
                description = "registrations watched until visible in the unified view (default 200)")
        int visibilitySamples;

        @Option(names = "--rate", defaultValue = "1000", converter = Positive.class,
                description = "fixed-rate run (encrypted): commands per second, open loop (default 1000)")
        int rate;

        @Option(names = "--rate-seconds", defaultValue = "2", converter = Positive.class,
                description = "fixed-rate run: how long (default 2)")
        int rateSeconds;

        @Option(names = "--long-history", defaultValue = "1000", converter = Positive.class,
                description = "events of the long customer (default 1000)")
        int longHistory;

        @Option(names = "--short-history", defaultValue = "10", converter = Positive.class,
                description = "events of each short customer (default 10)")
        int shortHistory;

        @Option(names = "--long-samples", defaultValue = "50", converter = Positive.class,
                description = "sequential commands measured on each (default 50)")
        int longSamples;

        @Option(names = "--axon-commands", defaultValue = "3000", converter = Positive.class,
                description = "commands per plain-Axon run, 1 and 8 threads (default 3000)")
        int axonCommands;

        @Option(names = "--give-up-after", defaultValue = "3600", converter = Positive.class, paramLabel = "SECONDS",
                description = "seconds until the whole program gives up, exit 2 (default 3600)")
        int giveUpAfter;

        @Option(names = "--service-args", split = ",", paramLabel = "A,B",
                description = "extra arguments for both services")
        List<String> serviceArguments;

        @Option(names = "--statement-statistics",
                description = "load pg_stat_statements into every PostgreSQL server (the platforms' and plain Axon's) "
                        + "for the statements/cmd rows; off by default: it costs a little per statement")
        boolean statementStatistics;

        @Option(names = "--help", usageHelp = true, description = "this text")
        boolean help;
    }

    /** A count or a duration in seconds: a whole number above zero. */
    static final class Positive implements ITypeConverter<Integer> {

        @Override
        public Integer convert(String value) {
            int parsed;
            try {
                parsed = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("needs a whole number, not " + value);
            }
            if (parsed <= 0) {
                throw new TypeConversionException("must be positive, not " + value);
            }
            return parsed;
        }
    }
}
