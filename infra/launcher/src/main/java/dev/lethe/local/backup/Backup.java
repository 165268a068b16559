package dev.lethe.local.backup;

import dev.lethe.contract.ledger.ErasureLedgerFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The backup command: {@code java -cp infra/launcher/target/lethe-local.jar dev.lethe.local.backup.Backup
 * --out=DIR [--vault-out=DIR]}. Writes, from one exported snapshot of the database, a dump of everything but the
 * key vault ({@code data.dump}: event store, command-side tables, read models, audit trail) and a dump of the key
 * vault alone ({@code key-vault.dump}, in its own directory, to be kept under its own, shorter retention); then
 * the erasure ledger as it stands after both dumps ({@code erasure-ledger.csv}) and {@code manifest.json}. See
 * docs/backup-restore.md.
 */
public final class Backup {

    private Backup() {
    }

    public static void main(String[] arguments) {
        Tool.main(new Cli(), arguments);
    }

    @Command(name = "java -cp lethe-local.jar dev.lethe.local.backup.Backup", sortOptions = false,
            description = "Backs up the database from one snapshot: data, key vault (apart) and erasure ledger.",
            footer = "Needs pg_dump on the PATH (the server's major version or newer).")
    static final class Cli implements Callable<String> {

        @Option(names = "--out", required = true, paramLabel = "DIR",
                description = "the backup directory; created, must not hold a backup yet")
        Path out;

        @Option(names = "--vault-out", paramLabel = "DIR",
                description = "where the key-vault dump goes (default DIR/key-vault); keep it apart")
        Path vaultOut;

        @Mixin
        ToolOptions options;

        @Override
        public String call() {
            Manifest manifest = run(options.database(), out, vaultOut);
            return "Backup written: events up to global index " + manifest.maxGlobalIndex() + ", audit head "
                    + manifest.auditHeadSequence() + ", " + manifest.dataKeys() + " data keys, "
                    + manifest.ledgerEntries() + " ledger entries.";
        }
    }

    /** @param vaultDirectory null for {@code out/key-vault} */
    public static Manifest run(Database database, Path out, Path vaultDirectory) {
        Path vault = vaultDirectory == null ? out.resolve(Manifest.KEY_VAULT) : vaultDirectory;
        try {
            if (Files.exists(out.resolve(Manifest.FILE))) {
                throw BackupException.refused("BACKUP_EXISTS", out + " already holds a backup");
            }
            Files.createDirectories(out);
            Files.createDirectories(vault);
            Path dataDump = out.resolve("data.dump");
            Path vaultDump = vault.resolve("key-vault.dump");
            Path ledgerFile = out.resolve("erasure-ledger.csv");
            String createdAt = DateTimeFormatter.ISO_INSTANT.format(Instant.now().atOffset(ZoneOffset.UTC));
            SnapshotFacts facts;
            try (Connection connection = database.connect()) {
                connection.setAutoCommit(false);
                facts = exportSnapshot(connection);
                // both dumps see exactly this snapshot: every event in the data dump has its key in the vault dump
                PgTool.run("pg_dump", database, List.of("--format=custom", "--snapshot=" + facts.snapshot().id(),
                        "--exclude-schema=key_vault", "--exclude-table-data=ledger.*", "--file=" + dataDump));
                PgTool.run("pg_dump", database, List.of("--format=custom", "--snapshot=" + facts.snapshot().id(),
                        "--schema=key_vault", "--file=" + vaultDump));
                connection.commit();
            }
            // read after the dumps, outside their snapshot: at least every erasure they contain, maybe more
            List<ErasureLedgerFile.Entry> ledger;
            try (Connection connection = database.connect()) {
                ledger = LedgerCopies.read(connection);
            }
            ErasureLedgerFile.write(ledgerFile, ledger);
            List<Manifest.Artefact> artefacts = new ArrayList<>(List.of(
                    Checksums.artefact(Manifest.DATA, out, dataDump),
                    Checksums.artefact(Manifest.KEY_VAULT, out, vaultDump),
                    Checksums.artefact(Manifest.LEDGER, out, ledgerFile)));
            Manifest manifest = new Manifest(Manifest.FORMAT, createdAt, database.name(), facts.snapshot(),
                    facts.maxGlobalIndex(), facts.auditHead(), facts.dataKeys(), facts.destroyedKeys(), ledger.size(),
                    artefacts);
            manifest.write(out);
            return manifest;
        } catch (SQLException e) {
            throw BackupException.failed("DATABASE_ERROR", "could not read " + database.name() + " (SQLState "
                    + e.getSQLState() + ")", e);
        } catch (IOException e) {
            throw BackupException.failed("IO_ERROR", "could not write the backup to " + out + ": " + e.getMessage(), e);
        }
    }

    private record SnapshotFacts(Manifest.Snapshot snapshot, long maxGlobalIndex, long auditHead, long dataKeys,
                                 long destroyedKeys) {
    }

    /** Opens the snapshot the dumps share and reads the manifest's figures in it. */
    private static SnapshotFacts exportSnapshot(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            Manifest.Snapshot snapshot;
            try (ResultSet row = statement.executeQuery(
                    "SELECT pg_export_snapshot(), pg_current_wal_lsn()::text, pg_current_snapshot()::text")) {
                row.next();
                snapshot = new Manifest.Snapshot(row.getString(1), row.getString(2), row.getString(3));
            }
            return new SnapshotFacts(snapshot,
                    figure(statement, "event_store.domain_event_entry", "coalesce(max(globalindex), 0)"),
                    figure(statement, "audit.entry", "coalesce(max(sequence), 0)"),
                    figure(statement, "key_vault.data_key", "count(*)"),
                    figure(statement, "key_vault.destroyed_key", "count(*)"));
        }
    }

    /** 0 when the table does not exist (a database with only one service's schemas). */
    private static long figure(Statement statement, String table, String expression) throws SQLException {
        try (ResultSet exists = statement.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
            exists.next();
            if (!exists.getBoolean(1)) {
                return 0;
            }
        }
        try (ResultSet row = statement.executeQuery("SELECT " + expression + " FROM " + table)) {
            row.next();
            return row.getLong(1);
        }
    }
}
