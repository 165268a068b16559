package dev.lethe.local.backup;

import java.util.Set;

/** The shared main of the backup and restore commands: options, usage, exit codes (0 done, 2 refused, 1 failed). */
final class Tool {

    interface Work {
        /** @return a one-line summary for the operator (counts, never ids) */
        String run(ToolOptions options);
    }

    private Tool() {
    }

    static void main(String[] arguments, Set<String> known, String usage, Work work) {
        try {
            ToolOptions options = ToolOptions.parse(arguments, known, System.getenv());
            if (options.flag("help")) {
                System.out.print(usage);
                return;
            }
            System.out.println(work.run(options));
        } catch (BackupException e) {
            System.err.println(e);
            if (e.code().equals("BAD_OPTION") || e.code().equals("MISSING_OPTION")) {
                System.err.print(usage);
            }
            System.exit(e.refusal() ? 2 : 1);
        } catch (RuntimeException e) {
            System.err.println("FAILED: " + e.getMessage());
            System.exit(1);
        }
    }
}
