package dev.lethe.local.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The backup tools' command line: options, environment defaults, generated help, exit codes and refusals. */
class ToolTest {

    @TempDir
    Path directory;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Command(name = "probe")
    static final class Probe implements Callable<String> {
        @Mixin
        ToolOptions options;

        @Override
        public String call() {
            return options.database().toString();
        }
    }

    @Test
    void theDatabaseComesFromTheOptionElseTheEnvironmentElseTheEmbeddedPlatformsDefault() {
        assertThat(run(new Probe(), Map.of())).isZero();
        assertThat(out()).contains("Database[jdbc:postgresql://localhost:15432/lethe, user postgres]");

        assertThat(run(new Probe(), Map.of("LETHE_JDBC_URL", "jdbc:postgresql://db:5432/live", "LETHE_JDBC_USER", " "))).isZero();
        assertThat(out()).contains("Database[jdbc:postgresql://db:5432/live, user postgres]");

        assertThat(run(new Probe(), Map.of("LETHE_JDBC_URL", "jdbc:postgresql://db:5432/live"),
                "--jdbc-url=jdbc:postgresql://other:5432/restored", "--jdbc-user", "restorer")).isZero();
        assertThat(out()).contains("Database[jdbc:postgresql://other:5432/restored, user restorer]");
    }

    @Test
    void helpIsGeneratedFromTheOptionsAndNeverShowsAPasswordFromTheEnvironment() {
        int exit = run(new Restore.Cli(), Map.of("LETHE_JDBC_PASSWORD", "s3cret-from-env"), "--help");

        assertThat(exit).isZero();
        assertThat(out()).contains("--backup=DIR", "--vault=FILE", "--ledger-jdbc-url=URL", "--ledger=FILE",
                "--no-ledger-i-know", "--ledger-out=FILE", "--jdbc-url=URL", "env LETHE_JDBC_URL",
                "LETHE_JDBC_PASSWORD", "pg_restore on the PATH").doesNotContain("s3cret-from-env");
    }

    @Test
    void anUnknownOptionIsRefusedWithTheUsage() {
        int exit = run(new Backup.Cli(), Map.of(), "--out=" + directory, "--vault-dir=x");

        assertThat(exit).isEqualTo(2);
        assertThat(err()).startsWith("BAD_OPTION: ").contains("--vault-dir").contains("Usage:");

        // named before a required option that is missing: it is often that option misspelt
        assertThat(run(new LedgerExport.Cli(), Map.of(), "--output=x.csv")).isEqualTo(2);
        assertThat(err()).startsWith("BAD_OPTION: Unknown option: '--output'");
    }

    @Test
    void aMissingRequiredOptionIsRefusedWithTheUsage() {
        int exit = run(new LedgerExport.Cli(), Map.of());

        assertThat(exit).isEqualTo(2);
        assertThat(err()).startsWith("MISSING_OPTION: ").contains("--out=FILE").contains("Usage:");
    }

    @Test
    void aRefusalWhileWorkingExitsWith2AndItsStableCode() {
        int exit = run(new Backup.Cli(), Map.of("LETHE_JDBC_URL", "jdbc:mysql://db/lethe"), "--out=" + directory);

        assertThat(exit).isEqualTo(2);
        assertThat(err()).startsWith("BAD_JDBC_URL: ");
        assertThat(directory).isEmptyDirectory();
    }

    @Test
    void aFailureWhileWorkingExitsWith1() {
        // nothing listens on port 1
        int exit = run(new LedgerExport.Cli(), Map.of(), "--out=" + directory.resolve("ledger.csv"),
                "--jdbc-url=jdbc:postgresql://localhost:1/lethe");

        assertThat(exit).isEqualTo(1);
        assertThat(err()).startsWith("DATABASE_ERROR: ");
        assertThat(directory).isEmptyDirectory();
    }

    private int run(Callable<String> command, Map<String, String> environment, String... arguments) {
        out.reset();
        err.reset();
        return Tool.run(command, arguments, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
