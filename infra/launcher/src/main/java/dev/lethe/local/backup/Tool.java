package dev.lethe.local.backup;

import dev.lethe.local.EnvironmentDefaults;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * The shared main of the backup and restore commands: picocli options with environment defaults and a generated
 * {@code --help}; exit codes 0 done, 2 refused (nothing changed), 1 failed; every refusal starts with a stable code.
 */
final class Tool {

    private Tool() {
    }

    /** @param command a picocli command whose {@code call()} returns a one-line summary (counts, never ids) */
    static void main(Callable<String> command, String[] arguments) {
        int exit = run(command, arguments, System.getenv(), System.out, System.err);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    static int run(Callable<String> command, String[] arguments, Map<String, String> environment, PrintStream out,
                   PrintStream err) {
        CommandLine line = new CommandLine(command)
                .setDefaultValueProvider(new EnvironmentDefaults(ToolOptions.ENVIRONMENT, environment))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setParameterExceptionHandler((e, given) -> {
                    err.println(refusal(e, given));
                    e.getCommandLine().usage(err);
                    return 2;
                })
                .setExecutionExceptionHandler((e, commandLine, parsed) -> {
                    if (e instanceof BackupException backup) {
                        err.println(backup);
                        return backup.refusal() ? 2 : 1;
                    }
                    err.println("FAILED: " + e.getMessage());
                    return 1;
                });
        int exit = line.execute(arguments);
        String summary = line.getExecutionResult();
        if (exit == 0 && summary != null) {
            out.println(summary);
        }
        return exit;
    }

    /** An unknown option is named first, as before picocli: it is often the missing option misspelt. */
    private static String refusal(CommandLine.ParameterException e, String[] given) {
        Map<String, ?> known = e.getCommandLine().getCommandSpec().optionsMap();
        for (String argument : given) {
            String name = argument.split("=", 2)[0];
            if (name.startsWith("--") && !known.containsKey(name)) {
                return "BAD_OPTION: Unknown option: '" + name + "'";
            }
        }
        return (e instanceof CommandLine.MissingParameterException ? "MISSING_OPTION: " : "BAD_OPTION: ")
                + e.getMessage();
    }
}
