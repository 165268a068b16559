package dev.lethe.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short version of the fault-injection suite (docs/reliability.md): the run command's platform, each fault
 * once, a few hundred commands with resends and poison records, and every invariant checked after every fault.
 * The deadlines are sized for a restart of a Spring Boot service on 2 busy cores, including the Kafka consumer
 * group's session timeout before the killed member's partitions move on.
 */
class ChaosIT {

    @Test
    @Timeout(value = 45, unit = java.util.concurrent.TimeUnit.MINUTES)
    void everyFaultRecoversWithoutLosingSkippingOrRepeatingAnything() {
        ChaosOptions options = ChaosOptions.defaults(ChaosOptions.defaultLauncherJar(),
                        Path.of(System.getProperty("chaos.output", "target/chaos-it")))
                .withCommandsPerPhase(Integer.getInteger("chaos.commands-per-phase", 60))
                .withDeadlines(Duration.ofSeconds(Integer.getInteger("chaos.recovery-deadline", 180)),
                        Duration.ofSeconds(Integer.getInteger("chaos.quiet-deadline", 120)),
                        Duration.ofSeconds(Integer.getInteger("chaos.stall-timeout", 45)));

        Report report = new ChaosRun(options).run(CodeUnderTest.describe());
        System.out.print(report.table());

        assertThat(report.total().sent()).as("records the broker acknowledged").isGreaterThan(options.totalCommands() / 2);
        assertThat(report.rows()).as("a row per fault").hasSize(Fault.values().length);
        assertThat(report.rows()).allSatisfy(row -> {
            assertThat(row.counts()).as("violations after %s (examples %s)", row.fault(), row.examples())
                    .allSatisfy((invariant, count) -> assertThat(count).as(invariant.column).isZero());
            assertThat(row.recovery()).as("recovery after %s", row.fault())
                    .isIn(Report.Recovery.NONE, Report.Recovery.AUTOMATIC);
            assertThat(row.quiet()).as("drained after %s", row.fault()).isTrue();
        });
    }
}
