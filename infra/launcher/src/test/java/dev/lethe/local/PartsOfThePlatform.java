package dev.lethe.local;

import static org.awaitility.Awaitility.await;

import dev.lethe.localstack.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Finds a part's process the way an operator or a fault-injection tool does: by its pid file. */
final class PartsOfThePlatform {

    /** A restart on 2 busy cores: back-off, then a JVM and Spring Boot starting (or a broker, or PostgreSQL). */
    static final Duration RESTART_PATIENCE = Duration.ofMinutes(3);

    private final LethePlatform platform;

    PartsOfThePlatform(LethePlatform platform) {
        this.platform = platform;
    }

    long pid(String part) {
        try {
            return Long.parseLong(Files.readString(platform.pidFile(part)).trim());
        } catch (IOException e) {
            throw new IllegalStateException("no pid file for " + part, e);
        }
    }

    /** kill -9: no clean shutdown, no chance to flush anything. */
    long kill(String part) {
        long pid = pid(part);
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(part + " is not running"));
        process.destroyForcibly();
        await(part + " (pid " + pid + ") killed").atMost(Duration.ofSeconds(30)).until(() -> !Processes.isRunning(pid));
        return pid;
    }

    /** Waits until the pid file names a new, running process; returns its pid. */
    long awaitRestarted(String part, long killedPid) {
        Path file = platform.pidFile(part);
        long[] restarted = new long[1];
        await(part + " restarted with a new pid in " + file).atMost(RESTART_PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    restarted[0] = Files.exists(file) ? readQuietly(file) : 0;
                    return restarted[0] != 0 && restarted[0] != killedPid && Processes.isRunning(restarted[0]);
                });
        return restarted[0];
    }

    private static long readQuietly(Path file) {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }
}
