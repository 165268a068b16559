package dev.lethe.local.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a backup holds and how to check it: {@code manifest.json} beside the dumps. Times are ISO-8601 text, sizes in
 * bytes, checksums SHA-256 in hex. Paths of artefacts are relative to the manifest's directory.
 *
 * @param snapshot     the exported snapshot both dumps were taken from, with the WAL position and the
 *                     transaction-id snapshot at that moment
 * @param maxGlobalIndex the event store's highest global index in the snapshot (0 when empty)
 * @param auditHeadSequence the audit trail's last entry in the snapshot (0 when empty or absent)
 */
public record Manifest(String format, String createdAt, String database, Snapshot snapshot, long maxGlobalIndex,
                long auditHeadSequence, long dataKeys, long destroyedKeys, long ledgerEntries,
                List<Artefact> artefacts) {

    public static final String FORMAT = "lethe-backup/1";
    public static final String FILE = "manifest.json";
    public static final String DATA = "data";
    public static final String KEY_VAULT = "key-vault";
    public static final String LEDGER = "erasure-ledger";

    public record Snapshot(String id, String walLsn, String transactionSnapshot) {
    }

    /** @param kind {@link #DATA}, {@link #KEY_VAULT} or {@link #LEDGER} */
    public record Artefact(String kind, String path, long bytes, String sha256) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    void write(Path directory) throws IOException {
        JSON.writeValue(directory.resolve(FILE).toFile(), this);
    }

    static Manifest read(Path directory) {
        Path file = directory.resolve(FILE);
        try {
            Manifest manifest = JSON.readValue(file.toFile(), Manifest.class);
            if (!FORMAT.equals(manifest.format())) {
                throw BackupException.refused("MANIFEST_UNSUPPORTED", file + " has format " + manifest.format()
                        + ", this tool reads " + FORMAT);
            }
            return manifest;
        } catch (IOException e) {
            throw BackupException.refused("MANIFEST_UNREADABLE", "no readable " + FILE + " in " + directory);
        }
    }

    java.util.Optional<Artefact> artefact(String kind) {
        return artefacts.stream().filter(artefact -> artefact.kind().equals(kind)).findFirst();
    }
}
