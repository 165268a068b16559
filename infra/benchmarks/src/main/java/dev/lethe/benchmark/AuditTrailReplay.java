package dev.lethe.benchmark;

import dev.lethe.localstack.ChildProcess;
import dev.lethe.localstack.Databases;
import dev.lethe.localstack.JavaCommand;
import dev.lethe.localstack.LocalPostgres;
import dev.lethe.localstack.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The audit trail rebuilt from the event stream: a second query service on a fresh database of the same PostgreSQL
 * server, whose audit consumer reads {@code lethe.events} from the first offset in a new consumer group. Timed from
 * its first committed batch until it has committed the whole topic (start-up of the JVM is not counted), from the
 * broker's committed offsets. Run after every other scenario of the platform: the second service also joins the
 * unified view's consumer group, which takes some partitions from the first (already caught up, so idle).
 */
final class AuditTrailReplay {

    record Outcome(long events, double seconds) {

        double perSecond() {
            return events / seconds;
        }
    }

    private static final String GROUP = "bench-audit-rebuild";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final Duration POLL = Duration.ofMillis(20);

    private AuditTrailReplay() {
    }

    static Outcome measure(Path servicesDirectory, Path logsDirectory, String jdbcUrl, String bootstrapServers,
                           List<String> serviceArguments, ConsumerProgress progress) throws Exception {
        String database = "lethe_audit_rebuild";
        Databases.ensureExists(Databases.withDatabase(jdbcUrl, "postgres"), LocalPostgres.USERNAME,
                LocalPostgres.PASSWORD, database);
        List<String> command = new ArrayList<>(List.of(JavaCommand.javaExecutable(), "-XX:+UseSerialGC", "-Xmx512m",
                "-Daxoniq.update-checker.disabled=true", "-jar",
                servicesDirectory.resolve("query-service-exec.jar").toAbsolutePath().toString(),
                "--spring.profiles.active=local",
                "--server.port=" + Ports.freePort(),
                "--spring.datasource.url=" + Databases.withDatabase(jdbcUrl, database),
                "--spring.datasource.username=" + LocalPostgres.USERNAME,
                "--spring.kafka.bootstrap-servers=" + bootstrapServers));
        command.addAll(serviceArguments);
        command.add("--lethe.audit.consumer-group=" + GROUP);
        try (ChildProcess service = ChildProcess.start("audit-rebuild", command,
                logsDirectory.resolve("audit-rebuild.log"), Map.of("AXONIQ_UPDATE_CHECKER_DISABLED", "true",
                        "SPRING_DATASOURCE_PASSWORD", LocalPostgres.PASSWORD))) {
            long events = progress.events();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            long firstBehind;
            while ((firstBehind = progress.behind(GROUP)) == events) {
                check(service, deadline, "committed nothing");
                LockSupport.parkNanos(POLL.toNanos());
            }
            long start = System.nanoTime();
            while (progress.behind(GROUP) > 0) {
                check(service, deadline, "did not catch up");
                LockSupport.parkNanos(POLL.toNanos());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (firstBehind == 0) {
                throw new IllegalStateException("the audit trail was rebuilt within one poll; too few events to time");
            }
            return new Outcome(firstBehind, seconds);
        }
    }

    private static void check(ChildProcess service, long deadline, String what) {
        if (!service.isAlive()) {
            throw new IllegalStateException("the second query service exited (see " + service.logFile() + "):\n"
                    + service.logTail(25));
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the audit trail rebuild " + what + " within " + TIMEOUT);
        }
    }
}
