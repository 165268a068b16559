package dev.lethe.local.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The restore command: {@code java -cp infra/launcher/target/lethe-local.jar dev.lethe.local.backup.Restore
 * --backup=DIR --jdbc-url=URL --ledger-jdbc-url=URL | --ledger=FILE ...}. Restores a backup into an empty database
 * and re-applies the erasure ledger to it before any service runs on it; the command
 * service then erases again, in its event store, whoever the ledger lists (docs/backup-restore.md).
 *
 * <p>Refuses, changing nothing, when the target database is not empty, an artefact is missing or does not match
 * its checksum, or no erasure ledger newer than the backup is given: the backup's own ledger cannot know who was
 * erased after it was taken. {@code --no-ledger-i-know} overrides only the last, for when no newer ledger exists.
 */
public final class Restore {

    static final String USAGE = """
            Usage: java -cp lethe-local.jar dev.lethe.local.backup.Restore --backup=DIR --jdbc-url=URL LEDGER... [options]
              --backup=DIR              the backup directory (manifest.json, data.dump, erasure-ledger.csv)
              --vault=FILE              the key-vault dump, if not where the manifest says (DIR/key-vault/key-vault.dump)
              --jdbc-url=URL            the EMPTY database to restore into            env LETHE_JDBC_URL
              --jdbc-user=USER, --jdbc-password=PW                   env LETHE_JDBC_USER, LETHE_JDBC_PASSWORD
            At least one erasure ledger newer than the backup (all given are merged with the backup's own):
              --ledger-jdbc-url=URL     the live database's ledger (same user and password)
              --ledger=FILE             a ledger export (erasure-ledger.csv of a later backup); repeatable
              --no-ledger-i-know        no newer ledger exists: people erased after the backup come back
            Needs pg_restore on the PATH (the dumps' pg_dump major version or newer).
            """;
    private static final Set<String> OPTIONS = Set.of("backup", "vault", "jdbc-url", "jdbc-user", "jdbc-password",
            "ledger-jdbc-url", "ledger", "no-ledger-i-know", "help");

    /** @param liveLedger null when none is given; @param vaultDump null for the manifest's path */
    public record Request(Path backup, Path vaultDump, Database target, Database liveLedger, List<Path> ledgerFiles,
                          boolean noNewerLedger) {
    }

    /** Counts only: ids stay out of the output. */
    public record Result(int ledgerEntries, int keysDestroyed, int customersRemovedFromViews, int identityRowsRemoved) {
    }

    private Restore() {
    }

    public static void main(String[] arguments) {
        Tool.main(arguments, OPTIONS, USAGE, options -> {
            Database target = options.database();
            String live = options.get("ledger-jdbc-url", null, null);
            Result result = run(new Request(Path.of(options.require("backup", null)),
                    options.get("vault", null, null) == null ? null : Path.of(options.get("vault", null, null)),
                    target, live == null ? null : new Database(live, target.user(), target.password()),
                    options.all("ledger").stream().map(Path::of).toList(), options.flag("no-ledger-i-know")));
            return "Restored into " + target.name() + ". Erasure ledger re-applied: " + result.ledgerEntries()
                    + " entries, " + result.keysDestroyed() + " data keys destroyed, " + result.customersRemovedFromViews()
                    + " customers removed from the read models, " + result.identityRowsRemoved()
                    + " identity rows removed. Start the services on it now: the command service erases the restored "
                    + "customers again in its event store before it takes commands.";
        });
    }

    public static Result run(Request request) {
        Manifest manifest = Manifest.read(request.backup());
        Path dataDump = verified(request.backup(), manifest, Manifest.DATA, null);
        Path vaultDump = verified(request.backup(), manifest, Manifest.KEY_VAULT, request.vaultDump());
        List<ErasureLedger.Entry> ledger = ledger(request, manifest);
        requireEmpty(request.target());
        PgTool.run("pg_restore", request.target(), restoreArguments(dataDump));
        try {
            PgTool.run("pg_restore", request.target(), restoreArguments(vaultDump));
        } catch (BackupException e) {
            throw BackupException.failed(e.code(), e.getMessage() + "; the data dump is restored without its key "
                    + "vault: drop " + request.target().name() + " and restore again", e);
        }
        try (Connection connection = request.target().connect()) {
            return LedgerApplication.apply(connection, ledger);
        } catch (SQLException e) {
            throw BackupException.failed("LEDGER_NOT_APPLIED", "the dumps are restored but the erasure ledger could "
                    + "not be applied (SQLState " + e.getSQLState() + "); do not start the services on "
                    + request.target().name() + ": drop it and restore again", e);
        }
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
    private static List<ErasureLedger.Entry> ledger(Request request, Manifest manifest) {
        List<List<ErasureLedger.Entry>> copies = new ArrayList<>();
        boolean ownLedger = manifest.artefact(Manifest.LEDGER)
                .filter(artefact -> Files.isRegularFile(request.backup().resolve(artefact.path()))).isPresent();
        if (ownLedger) {
            copies.add(ErasureLedger.read(verified(request.backup(), manifest, Manifest.LEDGER, null)));
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
            copies.add(ErasureLedger.read(file));
        }
        if (request.liveLedger() != null) {
            copies.add(liveLedger(request.liveLedger()));
        }
        return ErasureLedger.union(copies);
    }

    private static List<ErasureLedger.Entry> liveLedger(Database database) {
        try (Connection connection = database.connect()) {
            return ErasureLedger.read(connection);
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
