package dev.lethe.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Names the code a report was measured against: the commit checked out here, and whether it had local changes. */
final class CodeUnderTest {

    private CodeUnderTest() {
    }

    static String describe() {
        String configured = System.getProperty("chaos.code");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String commit = git("log", "-1", "--format=%h %s");
        String changes = git("status", "--porcelain", "--untracked-files=no");
        if (commit.isEmpty()) {
            return "unknown (not a git working tree)";
        }
        return commit + (changes.isEmpty() ? "" : " (with uncommitted changes)");
    }

    private static String git(String... arguments) {
        String[] command = new String[arguments.length + 1];
        command[0] = "git";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "";
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.exitValue() == 0 ? output : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
