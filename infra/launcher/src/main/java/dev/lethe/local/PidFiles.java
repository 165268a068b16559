package dev.lethe.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code <data-dir>/run/<name>.pid}: the process id of each running part ({@code postgres}, {@code kafka},
 * {@code command-service}, {@code query-service}), rewritten when a part is restarted and removed when the platform
 * stops, so that operators and fault-injection tools can find (and kill) the current process.
 */
final class PidFiles {

    private final Path directory;

    PidFiles(Path dataDirectory) {
        this.directory = dataDirectory.resolve("run");
    }

    Path file(String name) {
        return directory.resolve(name + ".pid");
    }

    /** Written to a temporary file and moved into place, so a reader never sees half a number. */
    void write(String name, long pid) {
        try {
            Files.createDirectories(directory);
            Path temporary = directory.resolve(name + ".pid.tmp");
            Files.writeString(temporary, pid + "\n", StandardCharsets.US_ASCII);
            Files.move(temporary, file(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file(name), e);
        }
    }

    void remove(String name) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            // a stale pid file names a process that no longer runs; nothing worse
        }
    }
}
