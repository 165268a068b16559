package dev.lethe.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a process still runs, for checks that nothing was left behind. */
public final class Processes {

    private Processes() {
    }

    /**
     * False for ended processes, including zombies: a daemonised server (the PostgreSQL postmaster) is re-parented
     * to PID 1, and in a container whose PID 1 does not reap, it stays a zombie that {@link ProcessHandle#isAlive()}
     * still reports as alive.
     */
    public static boolean isRunning(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent() && !isZombie(pid);
    }

    private static boolean isZombie(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String content = Files.readString(stat);
            // "pid (command) state …": the command may contain spaces or parentheses, the state follows the last ')'
            return content.substring(content.lastIndexOf(')') + 1).trim().startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
