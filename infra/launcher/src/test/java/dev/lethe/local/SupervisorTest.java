package dev.lethe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor's rules with stand-in parts; the real processes are killed in PlatformSupervisionIT. */
class SupervisorTest {

    @TempDir
    Path dataDirectory;

    @Test
    void aPartThatEndsIsStartedAgainAndItsPidFileRewritten() throws Exception {
        PidFiles pidFiles = new PidFiles(dataDirectory);
        Supervisor supervisor = new Supervisor(pidFiles);
        FakePart first = new FakePart(100);
        pidFiles.write("broker", first.pid());
        supervisor.watch("broker", first, () -> new FakePart(101));

        first.end();

        await("restarted").atMost(Duration.ofSeconds(30))
                .until(() -> Files.readString(pidFiles.file("broker")).trim().equals("101"));
        assertThat(supervisor.restarts("broker")).isEqualTo(1);
        supervisor.stop();
    }

    @Test
    void aRestartThatFailsIsTriedAgain() throws Exception {
        PidFiles pidFiles = new PidFiles(dataDirectory);
        Supervisor supervisor = new Supervisor(pidFiles);
        FakePart first = new FakePart(200);
        AtomicInteger attempts = new AtomicInteger();
        supervisor.watch("service", first, () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("port taken\nlog tail that stays out of the console");
            }
            return new FakePart(201);
        });

        first.end();

        // back-off 1 s, a failed attempt, then 2 s: within a busy machine's patience
        await("restarted after a failed attempt").atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(pidFiles.file("service"))
                        && Files.readString(pidFiles.file("service")).trim().equals("201"));
        assertThat(attempts.get()).isEqualTo(2);
        assertThat(supervisor.restarts("service")).isEqualTo(2);
        supervisor.stop();
    }

    @Test
    void nothingIsRestartedOnceStoppingBegan() throws Exception {
        Supervisor supervisor = new Supervisor(new PidFiles(dataDirectory));
        FakePart part = new FakePart(300);
        AtomicBoolean restarted = new AtomicBoolean();
        supervisor.watch("database", part, () -> {
            restarted.set(true);
            return new FakePart(301);
        });

        supervisor.stop();
        part.end();
        supervisor.watch("late", new FakePart(400), () -> {
            restarted.set(true);
            return new FakePart(401);
        });

        // longer than the first back-off (1 s): a watcher still running would have restarted by then
        await("no restart").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> !restarted.get());
        assertThat(supervisor.restarts("database")).isZero();
    }

    private static final class FakePart implements Supervisor.RunningPart {
        private final AtomicLong pid;
        private final AtomicBoolean running = new AtomicBoolean(true);

        FakePart(long pid) {
            this.pid = new AtomicLong(pid);
        }

        void end() {
            running.set(false);
        }

        @Override
        public long pid() {
            return pid.get();
        }

        @Override
        public boolean isRunning() {
            return running.get();
        }

        @Override
        public String exit() {
            return "exited (code 137)";
        }
    }
}
