package dev.lethe.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@EnabledOnOs(OS.LINUX)
class CpuUsageTest {

    @Test
    void countsTheCpuTimeAProcessSpentBetweenTwoSnapshots() {
        Map<String, Supplier<List<Long>>> self = Map.of("self", () -> List.of(ProcessHandle.current().pid()));
        CpuUsage.Snapshot before = CpuUsage.take(self);
        long until = System.nanoTime() + 300_000_000L;
        double sink = 0;
        while (System.nanoTime() < until) {
            sink += Math.sqrt(sink + 1);
        }
        CpuUsage.Snapshot after = CpuUsage.take(self);

        Map<String, Double> perThousand = after.perThousandSince(before, 1_000);
        assertThat(sink).isPositive();
        assertThat(perThousand.get("self")).isGreaterThan(0.05);
        assertThat(perThousand.get("machine")).isGreaterThanOrEqualTo(perThousand.get("self") - 0.02);
    }

    @Test
    void aPostgresDataDirectoryWithoutARunningServerHasNoProcesses() {
        assertThat(CpuUsage.postgres(Path.of("/nonexistent/postgres"))).isEmpty();
    }
}
