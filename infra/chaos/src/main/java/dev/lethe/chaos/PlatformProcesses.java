package dev.lethe.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Finds the platform's processes to kill. The run command writes each child's current pid to
 * {@code <data-dir>/run/<name>.pid} (it restarts crashed children, so the pid changes); where it does not (older
 * run commands), the children are found among the run command's descendants by their command line, and
 * PostgreSQL, which pg_ctl detaches from its parent, by its own {@code postmaster.pid}.
 */
final class PlatformProcesses {

    static final String POSTGRES = "postgres";
    static final String KAFKA = "kafka";
    static final String COMMAND_SERVICE = "command-service";
    static final String QUERY_SERVICE = "query-service";

    private final Path dataDirectory;
    private final Supplier<Optional<ProcessHandle>> runCommand;

    PlatformProcesses(Path dataDirectory, Supplier<Optional<ProcessHandle>> runCommand) {
        this.dataDirectory = dataDirectory;
        this.runCommand = runCommand;
    }

    /** The live process of that name, if there is one now. */
    Optional<ProcessHandle> find(String name) {
        Optional<ProcessHandle> fromPidFile = pidFile(dataDirectory.resolve("run").resolve(name + ".pid"))
                .filter(this::belongsToPlatform);
        if (fromPidFile.isPresent()) {
            return fromPidFile;
        }
        if (name.equals(POSTGRES)) {
            return pidFile(dataDirectory.resolve("postgres").resolve("postmaster.pid")).filter(this::belongsToPlatform);
        }
        String marker = switch (name) {
            case KAFKA -> "kafka.Kafka";
            case COMMAND_SERVICE -> "command-service-exec.jar";
            case QUERY_SERVICE -> "query-service-exec.jar";
            default -> throw new IllegalArgumentException("unknown process " + name);
        };
        return runCommand.get().stream().flatMap(ProcessHandle::descendants)
                .filter(process -> process.info().arguments().map(List::of).orElse(List.of()).contains(marker)
                        || process.info().commandLine().filter(line -> line.contains(marker)).isPresent())
                .findFirst();
    }

    /**
     * SIGKILL, as a crash would end it: no shutdown hook, no flush. For PostgreSQL its backends too, which
     * would otherwise keep serving their open connections for a while; a crashed server loses them all at once.
     */
    long kill(String name) {
        ProcessHandle process = find(name).orElseThrow(() -> new IllegalStateException(
                "no running " + name + " process found (pid files under " + dataDirectory.resolve("run") + ")"));
        List<ProcessHandle> children = name.equals(POSTGRES) ? process.descendants().toList() : List.of();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        // recovery is timed from here: the process is really gone, not just signalled
        process.onExit().completeOnTimeout(process, 10, TimeUnit.SECONDS).join();
        return process.pid();
    }

    /** Every process the platform is made of now, for a clean-up that leaves nothing behind. */
    List<ProcessHandle> all() {
        return Stream.of(COMMAND_SERVICE, QUERY_SERVICE, KAFKA, POSTGRES).map(this::find).flatMap(Optional::stream)
                .flatMap(process -> Stream.concat(Stream.of(process), process.descendants())).toList();
    }

    /**
     * A pid file may be stale and its number reused by a process that is none of ours: only a descendant of the
     * run command, or a process whose command line names this platform's data directory, is ever killed.
     */
    private boolean belongsToPlatform(ProcessHandle process) {
        boolean descendant = runCommand.get().stream().flatMap(ProcessHandle::descendants)
                .anyMatch(child -> child.pid() == process.pid());
        return descendant || process.info().commandLine()
                .or(() -> process.info().arguments().map(arguments -> String.join(" ", arguments)))
                .filter(line -> line.contains(dataDirectory.toAbsolutePath().toString())).isPresent();
    }

    private static Optional<ProcessHandle> pidFile(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            String first = Files.readAllLines(file).stream().findFirst().orElse("").trim();
            return first.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(first)).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
