package dev.lethe.local.backup;

import dev.lethe.contract.ledger.ErasureLedgerFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The restore command: {@code java -cp infra/launcher/target/lethe-local.jar dev.lethe.local.backup.Restore
 * --backup=DIR --jdbc-url=URL --ledger-jdbc-url=URL | --ledger=FILE ...}. Restores a backup into an empty database
 * and writes the merged erasure ledger to a file that both services apply, each to its own tables, when they start
 * with {@code lethe.restore.ledger=FILE} (docs/backup-restore.md, docs/decisions/0004). The tool itself writes no
 * service's table: it only runs {@code pg_restore}.
 *
 * <p>Refuses, changing nothing, when the target database is not empty, an artefact is missing or does not match
 * its checksum, or no erasure ledger newer than the backup is given: the backup's own ledger cannot know who was
 * erased after it was taken. {@code --no-ledger-i-know} overrides only the last, for when no newer ledger exists.
 */
public final class Restore {

    /**
     * @param vaultDump  null for the manifest's path
     * @param liveLedger null when none is given
     * @param ledgerOut  where the merged ledger for the services goes, null for {@code erasure-ledger-<database>.csv}
     *                   in the working directory
     */
    public record Request(Path backup, Path vaultDump, Database target, Database liveLedger, List<Path> ledgerFiles,
                          boolean noNewerLedger, Path ledgerOut) {
    }

    /**
     * Counts only: ids stay out of the output.
     *
     * @param ledgerFile the merged ledger both services must be started with
     */
    public record Result(int ledgerEntries, Path ledgerFile) {
    }

    private Restore() {
    }

    public static void main(String[] arguments) {
        Tool.main(new Cli(), arguments);
    }

    @Command(name = "java -cp lethe-local.jar dev.lethe.local.backup.Restore", sortOptions = false,
            description = {"Restores a backup into an EMPTY database and merges the erasure ledgers into one file, "
                    + "which both services apply at their start (lethe.restore.ledger=FILE).",
                    "At least one erasure ledger newer than the backup is needed (all given are merged with the "
                            + "backup's own): --ledger-jdbc-url and/or --ledger, or --no-ledger-i-know.", ""},
            footer = "Needs pg_restore on the PATH (the dumps' pg_dump major version or newer).")
    static final class Cli implements Callable<String> {

        @Option(names = "--backup", required = true, paramLabel = "DIR",
                description = "the backup directory (manifest.json, data.dump, erasure-ledger.csv)")
        Path backup;

        @Option(names = "--vault", paramLabel = "FILE",
                description = "the key-vault dump, if not where the manifest says (DIR/key-vault/key-vault.dump)")
        Path vault;

        @Option(names = "--ledger-jdbc-url", paramLabel = "URL",
                description = "the live database's ledger (same user and password)")
        String ledgerJdbcUrl;

        @Option(names = "--ledger", paramLabel = "FILE",
                description = "a ledger export (erasure-ledger.csv of a later backup); repeatable")
        List<Path> ledgers = new ArrayList<>();

        @Option(names = "--no-ledger-i-know",
                description = "no newer ledger exists: people erased after the backup come back")
        boolean noNewerLedger;

        @Option(names = "--ledger-out", paramLabel = "FILE",
                description = "where the merged ledger for the services goes (default ./erasure-ledger-DATABASE.csv)")
        Path ledgerOut;

        @Mixin
        ToolOptions options;

        @Override
        public String call() {
            Database target = options.database();
            Result result = run(new Request(backup, vault, target, ledgerJdbcUrl == null ? null
                    : new Database(ledgerJdbcUrl, target.user(), target.password()), ledgers, noNewerLedger, ledgerOut));
            return "Restored into " + target.name() + ". Merged erasure ledger (" + result.ledgerEntries()
                    + " entries): " + result.ledgerFile() + ". Start both services on " + target.name()
                    + " with lethe.restore.ledger=" + result.ledgerFile() + " (the run command: LETHE_RESTORE_LEDGER="
                    + result.ledgerFile() + " in its environment): they destroy the keys, remove the read-model rows "
                    + "and erase those customers again in the event store before taking any request. Never start "
                    + "them on it without.";
        }
    }

    public static Result run(Request request) {
        Manifest manifest = Manifest.read(request.backup());
        Path dataDump = verified(request.backup(), manifest, Manifest.DATA, null);
        Path vaultDump = verified(request.backup(), manifest, Manifest.KEY_VAULT, request.vaultDump());
        List<ErasureLedgerFile.Entry> ledger = ledger(request, manifest);
        requireEmpty(request.target());
        Path ledgerFile = (request.ledgerOut() != null ? request.ledgerOut()
                : Path.of("erasure-ledger-" + request.target().name() + ".csv")).toAbsolutePath();
        try {
            // before the database changes: a restore whose ledger cannot be handed over does not happen
            ErasureLedgerFile.write(ledgerFile, ledger);
        } catch (IOException e) {
            throw BackupException.refused("LEDGER_OUT_UNWRITABLE", "could not write the merged erasure ledger to "
                    + ledgerFile + ": " + e.getMessage());
        }
        PgTool.run("pg_restore", request.target(), restoreArguments(dataDump));
        try {
            PgTool.run("pg_restore", request.target(), restoreArguments(vaultDump));
        } catch (BackupException e) {
            throw BackupException.failed(e.code(), e.getMessage() + "; the data dump is restored without its key "
                    + "vault: drop " + request.target().name() + " and restore again", e);
        }
        return new Result(ledger.size(), ledgerFile);
    }

    /** Whole dump or nothing; objects owned by the restoring role; grants are the operator's (docs). */
    private static List<String> restoreArguments(Path dump) {
        return List.of("--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges", dump.toString());
    }

    private static Path verified(Path backup, Manifest manifest, String kind, Path override) {
        Manifest.Artefact artefact = manifest.artefact(kind).orElseThrow(() -> BackupException.refused(
                "ARTEFACT_MISSING", "the manifest in " + backup + " lists no " + kind + " artefact"));
        Path file = override != null ? override : backup.resolve(artefact.path());
        if (!Files.isRegularFile(file)) {
            throw BackupException.refused("ARTEFACT_MISSING", "the " + kind + " artefact " + file + " does not exist");
        }
        try {
            if (!Checksums.sha256(file).equals(artefact.sha256())) {
                throw BackupException.refused("CHECKSUM_MISMATCH", file + " is not the " + kind
                        + " artefact this backup wrote (SHA-256 differs from the manifest)");
            }
        } catch (IOException e) {
            throw BackupException.refused("ARTEFACT_UNREADABLE", "could not read " + file + ": " + e.getMessage());
        }
        return file;
    }

    /** The union of the backup's own ledger and every newer one given; refuses when there is no newer one. */
    private static List<ErasureLedgerFile.Entry> ledger(Request request, Manifest manifest) {
        List<List<ErasureLedgerFile.Entry>> copies = new ArrayList<>();
        boolean ownLedger = manifest.artefact(Manifest.LEDGER)
                .filter(artefact -> Files.isRegularFile(request.backup().resolve(artefact.path()))).isPresent();
        if (ownLedger) {
            copies.add(LedgerCopies.read(verified(request.backup(), manifest, Manifest.LEDGER, null)));
        }
        boolean newer = request.liveLedger() != null || !request.ledgerFiles().isEmpty();
        if (!newer && !request.noNewerLedger()) {
            throw BackupException.refused("LEDGER_REQUIRED", (ownLedger ? "" : "the backup has no erasure ledger "
                    + "artefact; ") + "a restore needs the erasure ledger as it is now, or people erased after the "
                    + "backup would come back: give --ledger-jdbc-url (the live database) or --ledger=FILE (the "
                    + "erasure-ledger.csv of a later backup); only if no newer ledger exists anywhere, "
                    + "--no-ledger-i-know");
        }
        for (Path file : request.ledgerFiles()) {
            copies.add(LedgerCopies.read(file));
        }
        if (request.liveLedger() != null) {
            copies.add(liveLedger(request.liveLedger()));
        }
        return ErasureLedgerFile.union(copies);
    }

    private static List<ErasureLedgerFile.Entry> liveLedger(Database database) {
        try (Connection connection = database.connect()) {
            return LedgerCopies.read(connection);
        } catch (SQLException e) {
            throw BackupException.refused("LEDGER_UNREADABLE", "could not read ledger.erasure in " + database.name()
                    + " (SQLState " + e.getSQLState() + ")");
        }
    }

    /** Empty = no schema but {@code public} and the system's, and nothing in {@code public}. */
    private static void requireEmpty(Database target) {
        try (Connection connection = target.connect();
             PreparedStatement query = connection.prepareStatement("""
                     SELECT nspname FROM pg_namespace
                     WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\\_%'
                     UNION ALL
                     SELECT 'public.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = 'public'
                     ORDER BY 1 LIMIT 5""");
             ResultSet rows = query.executeQuery()) {
            List<String> found = new ArrayList<>();
            while (rows.next()) {
                found.add(rows.getString(1));
            }
            if (!found.isEmpty()) {
                throw BackupException.refused("TARGET_NOT_EMPTY", "database " + target.name() + " is not empty (it has "
                        + String.join(", ", found) + "); restore only into a newly created, empty database");
            }
        } catch (SQLException e) {
            throw BackupException.refused("TARGET_UNREACHABLE", "could not connect to " + target.name()
                    + " (SQLState " + e.getSQLState() + ")");
        }
    }
}
