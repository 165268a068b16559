package dev.lethe.local.backup;

import dev.lethe.contract.ledger.ErasureLedgerFile;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Exports the live erasure ledger alone: {@code java -cp lethe-local.jar dev.lethe.local.backup.LedgerExport
 * --out=FILE}. Cheap (subject ids and times only), so it can run far more often than a backup and be shipped
 * off-site: when the database itself is lost, the newest export is the ledger a restore re-applies.
 */
public final class LedgerExport {

    private LedgerExport() {
    }

    public static void main(String[] arguments) {
        Tool.main(new Cli(), arguments);
    }

    @Command(name = "java -cp lethe-local.jar dev.lethe.local.backup.LedgerExport", sortOptions = false,
            description = "Exports the live erasure ledger (subject ids, times, reasons; no personal data).")
    static final class Cli implements Callable<String> {

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "the CSV to write (replaced atomically)")
        Path out;

        @Mixin
        ToolOptions options;

        @Override
        public String call() {
            return "Erasure ledger exported: " + run(options.database(), out) + " entries.";
        }
    }

    public static int run(Database database, Path out) {
        try (Connection connection = database.connect()) {
            List<ErasureLedgerFile.Entry> entries = LedgerCopies.read(connection);
            ErasureLedgerFile.write(out, entries);
            return entries.size();
        } catch (SQLException e) {
            throw BackupException.failed("DATABASE_ERROR", "could not read ledger.erasure in " + database.name()
                    + " (SQLState " + e.getSQLState() + ")", e);
        } catch (IOException e) {
            throw BackupException.failed("IO_ERROR", "could not write " + out + ": " + e.getMessage(), e);
        }
    }
}
