package dev.lethe.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

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

    static Snapshot take(Map<String, Long> processes) {
        Map<String, Double> perProcess = new LinkedHashMap<>();
        processes.forEach((name, pid) -> perProcess.put(name, processSeconds(pid)));
        return new Snapshot(machineSeconds(), perProcess);
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
