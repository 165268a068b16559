package dev.lethe.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the figures were measured on; figures without the machine mean little. */
final class Machine {

    private Machine() {
    }

    static Map<String, Object> describe() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"));
        machine.put("memory", firstValue(Path.of("/proc/meminfo"), "MemTotal"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        return machine;
    }

    /**
     * The 1, 5 and 15 minute load averages: well above the number of cores before a run means other work shares the
     * machine and the figures are noisy.
     */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String firstValue(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(line -> line.startsWith(key))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
