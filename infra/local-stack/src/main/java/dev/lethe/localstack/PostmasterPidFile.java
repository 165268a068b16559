package dev.lethe.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code postmaster.pid} of a PostgreSQL data directory: the running server's process id and shared memory segment.
 *
 * <p>After the postmaster was killed (kill -9, a crash) the file stays. PostgreSQL starts anyway once the process
 * is gone and no old backend still holds the segment; this class lets a restart wait for exactly that instead of
 * failing, and clears the file when the dead postmaster lingers as a zombie that PostgreSQL would take for alive.
 */
final class PostmasterPidFile {

    private static final Logger LOG = LoggerFactory.getLogger(PostmasterPidFile.class);
    private static final Path SYSV_SHM = Path.of("/proc/sysvipc/shm");
    private static final Duration PAUSE = Duration.ofMillis(100);

    private final Path file;

    PostmasterPidFile(Path dataDirectory) {
        this.file = dataDirectory.resolve("postmaster.pid");
    }

    /** The postmaster's process id while the file exists. */
    Optional<Long> pid() {
        return line(0).map(String::trim).filter(value -> !value.isEmpty()).map(Long::parseLong);
    }

    /**
     * Prepares a restart after a crash: if the file names a postmaster that no longer runs, waits (up to
     * {@code timeout}) until no process of it still holds its shared memory, then removes the file when the dead
     * postmaster is a zombie. Does nothing when there is no file or its postmaster runs (PostgreSQL then refuses).
     */
    void clearAfterCrash(Duration timeout) {
        Optional<Long> pid = pid();
        if (pid.isEmpty() || Processes.isRunning(pid.get())) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<Long> segment = sharedMemoryId();
        while (segment.isPresent() && attachedProcesses(segment.get()) > 0 && System.nanoTime() < deadline) {
            pause();
        }
        if (ProcessHandle.of(pid.get()).isPresent()) {
            // A zombie: the kill(pid, 0) PostgreSQL checks with would succeed, and it would refuse to start.
            LOG.info("PostgreSQL postmaster {} ended but was not reaped; removing its postmaster.pid", pid.get());
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("could not remove {}: {}", file, e.getMessage());
            }
        }
    }

    /** Line 7: {@code <key> <id>} of the System V segment, when the server uses one. */
    private Optional<Long> sharedMemoryId() {
        return line(6).map(String::trim).map(value -> value.split("\\s+")).filter(parts -> parts.length == 2)
                .map(parts -> Long.parseLong(parts[1]));
    }

    /** nattch of the segment in /proc/sysvipc/shm ({@code key shmid perms size cpid lpid nattch …}); 0 if gone. */
    private static long attachedProcesses(long shmid) {
        try {
            for (String line : Files.readAllLines(SYSV_SHM, StandardCharsets.UTF_8)) {
                String[] columns = line.trim().split("\\s+");
                if (columns.length > 6 && columns[1].equals(Long.toString(shmid))) {
                    return Long.parseLong(columns[6]);
                }
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private Optional<String> line(int index) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return index < lines.size() ? Optional.of(lines.get(index)) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not read {}", file, e);
            return Optional.empty();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a crashed PostgreSQL to release its memory", e);
        }
    }
}
