package dev.lethe.local.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * Exports the live erasure ledger alone: {@code java -cp lethe-local.jar dev.lethe.local.backup.LedgerExport
 * --out=FILE}. Cheap (subject ids and times only), so it can run far more often than a backup and be shipped
 * off-site: when the database itself is lost, the newest export is the ledger a restore re-applies.
 */
public final class LedgerExport {

    static final String USAGE = """
            Usage: java -cp lethe-local.jar dev.lethe.local.backup.LedgerExport --out=FILE [options]
              --out=FILE            the CSV to write (replaced atomically)
              --jdbc-url=URL        the database (default jdbc:postgresql://localhost:15432/lethe)  env LETHE_JDBC_URL
              --jdbc-user=USER, --jdbc-password=PW                        env LETHE_JDBC_USER, LETHE_JDBC_PASSWORD
            """;
    private static final Set<String> OPTIONS = Set.of("out", "jdbc-url", "jdbc-user", "jdbc-password", "help");

    private LedgerExport() {
    }

    public static void main(String[] arguments) {
        Tool.main(arguments, OPTIONS, USAGE, options -> "Erasure ledger exported: "
                + run(options.database(), Path.of(options.require("out", null))) + " entries.");
    }

    public static int run(Database database, Path out) {
        try (Connection connection = database.connect()) {
            List<ErasureLedger.Entry> entries = ErasureLedger.read(connection);
            Path directory = out.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path partial = Files.createTempFile(directory, ".erasure-ledger", ".csv");
            ErasureLedger.write(partial, entries);
            // a reader never sees half a ledger
            Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return entries.size();
        } catch (SQLException e) {
            throw BackupException.failed("DATABASE_ERROR", "could not read ledger.erasure in " + database.name()
                    + " (SQLState " + e.getSQLState() + ")", e);
        } catch (IOException e) {
            throw BackupException.failed("IO_ERROR", "could not write " + out + ": " + e.getMessage(), e);
        }
    }
}
