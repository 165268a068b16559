package dev.lethe.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * CPU time from {@code /proc}: the whole machine's busy time ({@code /proc/stat}: everything but idle and iowait) and
 * each named process's user + system time ({@code /proc/<pid>/stat}). On a machine shared with other work the
 * machine figure includes that work; the per-process figures do not. Linux only; elsewhere the figures are NaN.
 */
final class CpuUsage {

    /** Linux reports both files in clock ticks of 1/100 s on every common architecture. */
    private static final double TICKS_PER_SECOND = 100;

    record Snapshot(double machineSeconds, Map<String, Double> processSeconds) {

        /** CPU seconds spent between {@code earlier} and this snapshot, per 1,000 of {@code commands}. */
        Map<String, Double> perThousandSince(Snapshot earlier, int commands) {
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("machine", (machineSeconds - earlier.machineSeconds) * 1000 / commands);
            processSeconds.forEach((name, seconds) -> figures.put(name,
                    (seconds - earlier.processSeconds.getOrDefault(name, Double.NaN)) * 1000 / commands));
            return figures;
        }
    }

    private CpuUsage() {
    }

    /**
     * @param processes per name, the process ids to add up, asked anew at each snapshot (PostgreSQL is a server
     *                  process and one process per connection)
     */
    static Snapshot take(Map<String, Supplier<List<Long>>> processes) {
        Map<String, Double> perProcess = new LinkedHashMap<>();
        processes.forEach((name, pids) -> perProcess.put(name,
                pids.get().stream().mapToDouble(CpuUsage::processSeconds).sum()));
        return new Snapshot(machineSeconds(), perProcess);
    }

    /** The server of a PostgreSQL data directory and all its children (one per connection); none if it is not running. */
    static List<Long> postgres(Path dataDirectory) {
        try {
            long server = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
            List<Long> pids = new java.util.ArrayList<>(List.of(server));
            ProcessHandle.of(server).ifPresent(handle -> handle.descendants().forEach(child -> pids.add(child.pid())));
            return pids;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static double machineSeconds() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = 0;
            for (int field = 1; field <= 8 && field < cpu.length; field++) {
                if (field != 4 && field != 5) {
                    busy += Long.parseLong(cpu[field]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double processSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may contain spaces: count fields after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
