package dev.lethe.chaos;

import java.util.Arrays;

/**
 * The full version: {@code java -jar infra/chaos/target/lethe-chaos.jar [--commands=1500 --rate=40 ...]}. Prints the
 * table and writes report.json, report.md and history.jsonl; exits 0 when every count is 0 and every fault
 * recovered by itself, 1 otherwise, 2 on bad options.
 */
public final class ChaosMain {

    private ChaosMain() {
    }

    public static void main(String[] arguments) {
        if (Arrays.asList(arguments).contains("--help")) {
            System.out.print(ChaosOptions.USAGE);
            return;
        }
        ChaosOptions options;
        try {
            options = ChaosOptions.parse(arguments);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(ChaosOptions.USAGE);
            System.exit(2);
            return;
        }
        Report report = new ChaosRun(options, false).run(CodeUnderTest.describe());
        System.out.println();
        System.out.print(report.table());
        System.out.println("\nhistory, report.json and report.md in " + options.outputDirectory().toAbsolutePath());
        System.out.println(report.passed() ? "PASSED" : "FAILED");
        System.exit(report.passed() ? 0 : 1);
    }
}
