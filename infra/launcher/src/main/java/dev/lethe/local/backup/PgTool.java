package dev.lethe.local.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Runs {@code pg_dump} or {@code pg_restore} from the PATH, under a timeout, and fails with a clean message. */
final class PgTool {

    private static final Duration TIMEOUT = Duration.ofHours(6);

    private PgTool() {
    }

    static void run(String tool, Database database, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(tool);
        command.addAll(database.connectionArguments());
        command.addAll(arguments);
        Path errors = null;
        try {
            errors = Files.createTempFile("lethe-" + tool, ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(errors.toFile());
            builder.environment().put("PGPASSWORD", database.password() == null ? "" : database.password());
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw BackupException.failed("TOOL_TIMEOUT", tool + " did not finish within " + TIMEOUT, null);
            }
            if (process.exitValue() != 0) {
                throw BackupException.failed("TOOL_FAILED", tool + " failed (exit " + process.exitValue() + "): "
                        + errorLines(errors), null);
            }
        } catch (IOException e) {
            throw BackupException.failed("TOOL_MISSING", tool + " could not run; install the PostgreSQL client tools "
                    + "(the same major version as the server or newer) and put them on the PATH", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BackupException.failed("INTERRUPTED", "interrupted while " + tool + " ran", e);
        } finally {
            deleteQuietly(errors);
        }
    }

    /**
     * The tool's own error lines only: PostgreSQL's DETAIL and CONTEXT lines can quote a row, and a row may be
     * personal data.
     */
    private static String errorLines(Path errors) throws IOException {
        return Files.readAllLines(errors, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("error:") || line.contains("FATAL:"))
                .filter(line -> !line.contains("DETAIL:") && !line.contains("CONTEXT:"))
                .limit(5)
                .map(line -> line.length() > 300 ? line.substring(0, 300) + "..." : line)
                .collect(Collectors.joining(" | "));
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file; the OS cleans up
            }
        }
    }
}
