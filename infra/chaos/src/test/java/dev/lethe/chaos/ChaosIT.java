package dev.lethe.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short version of the fault-injection suite (docs/reliability.md): the run command's platform, each fault
 * once, a few hundred commands with resends and poison records, and every invariant checked after every fault.
 * The deadlines are sized for a restart of a Spring Boot service on 2 busy cores, including the Kafka consumer
 * group's session timeout before the killed member's partitions move on: 10 s here rather than Kafka's 45 s, so that
 * a killed service's restart gets its partitions once it is up instead of waiting out the dead member (the waiting
 * took a third of this test's time and proved nothing the shorter wait does not).
 */
class ChaosIT {

    /** All faults unless {@code -Dchaos.faults=none,kill-broker} names a subset (to try one fault alone). */
    private static List<Fault> faults() {
        String names = System.getProperty("chaos.faults", "");
        return names.isBlank() ? List.of(Fault.values())
                : Arrays.stream(names.split(",")).map(String::trim).map(Fault::named).toList();
    }

    @Test
    @Timeout(value = 45, unit = java.util.concurrent.TimeUnit.MINUTES)
    void everyFaultRecoversWithoutLosingSkippingOrRepeatingAnything() {
        ChaosOptions options = ChaosOptions.defaults(ChaosOptions.defaultLauncherJar(),
                        Path.of(System.getProperty("chaos.output", "target/chaos-it")))
                .withCommandsPerPhase(Integer.getInteger("chaos.commands-per-phase", 60))
                .withDeadlines(Duration.ofSeconds(Integer.getInteger("chaos.recovery-deadline", 180)),
                        Duration.ofSeconds(Integer.getInteger("chaos.quiet-deadline", 120)),
                        Duration.ofSeconds(Integer.getInteger("chaos.stall-timeout", 45)))
                .withConsumerSessionTimeout(Duration.ofSeconds(Integer.getInteger("chaos.session-timeout", 10)))
                .withFaults(faults());

        // a failed phase fails the test: the later ones are left to the full version (chaos.keep-going=true runs them)
        Report report = new ChaosRun(options, !Boolean.getBoolean("chaos.keep-going")).run(CodeUnderTest.describe());
        System.out.print(report.table());

        assertThat(report.rows()).allSatisfy(row -> {
            assertThat(row.counts()).as("violations after %s (examples %s)", row.fault(), row.examples())
                    .allSatisfy((invariant, count) -> assertThat(count).as(invariant.column).isZero());
            assertThat(row.recovery()).as("recovery after %s", row.fault())
                    .isIn(Report.Recovery.NONE, Report.Recovery.AUTOMATIC);
            assertThat(row.quiet()).as("drained after %s", row.fault()).isTrue();
        });
        assertThat(report.rows()).as("a row per fault").hasSize(options.faults().size());
        assertThat(report.total().sent()).as("records the broker acknowledged").isGreaterThan(options.totalCommands() / 2);
    }
}
