package dev.lethe.local.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of artefacts, so a restore can tell a damaged or swapped file from the one the backup wrote. */
final class Checksums {

    private Checksums() {
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static Manifest.Artefact artefact(String kind, Path directory, Path file) throws IOException {
        return new Manifest.Artefact(kind, directory.toAbsolutePath().relativize(file.toAbsolutePath()).toString(),
                Files.size(file), sha256(file));
    }
}
