package dev.lethe.query.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.localstack.TestInfrastructure;
import dev.lethe.query.support.AuditIntegrationTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit trail's cost, for the report and docs/performance.md: statements and transactions per appended event
 * (appends of polls of 500, counted through a JDBC proxy and {@code pg_stat_database.xact_commit}), replay through
 * the real listener (events/s from the first to the last new entry) and verification (entries/s). Not part of the
 * suite (no IT suffix); run it on two builds to compare them:
 * {@code mvn -B -o -pl query-service -am verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=AuditTrailBenchmark -Dfailsafe.failIfNoSpecifiedTests=false -Dlethe.test.audit-checkpoint-every=100}
 * (checkpoints as deployed: the audit tests sign every 5 entries, and an Ed25519 signature costs milliseconds).
 * Prints lines starting with AUDIT-BENCH.
 */
class AuditTrailBenchmark extends AuditIntegrationTest {

    private static final int APPENDED = Integer.getInteger("bench.appended", 100_000);
    private static final int REPLAYED = Integer.getInteger("bench.replayed", 20_000);
    private static final int POLL = 500;

    @Autowired
    ChainVerifier verifier;
    @Autowired
    org.springframework.core.env.Environment environment;
    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void appendReplayAndVerify() throws Exception {
        String id = UUID.randomUUID().toString();
        String first = publish(id, AuditTrailIT.erika(id));
        awaitAudited(first);
        byte[] stored = SUPERUSER.queryForObject("SELECT stored_event FROM audit.event_copy WHERE event_id = ?",
                byte[].class, first);

        System.out.println("AUDIT-BENCH checkpoint every " + environment.getProperty("lethe.audit.checkpoint.every-entries")
                + " entries");
        replay(id, stored);
        append(id, stored);
        for (int round = 1; round <= 3; round++) {
            long entries = SUPERUSER.queryForObject("SELECT count(*) FROM audit.entry", Long.class);
            double[] cpu = cpu();
            long start = System.nanoTime();
            Verification verification = verifier.verify();
            double seconds = (System.nanoTime() - start) / 1e9;
            String used = cpuSince(cpu, (int) entries);
            assertThat(verification.valid()).isTrue();
            assertThat(verification.entries()).isEqualTo(entries);
            System.out.printf(Locale.ROOT, "AUDIT-BENCH verify round %d: %d entries in %.2f s = %.0f entries/s; %s%n",
                    round, entries, seconds, entries / seconds, used);
        }
    }

    /** Polls of {@value #POLL} straight into {@link AuditTrail#appendAll}, each in its own transaction. */
    private void append(String customerId, byte[] stored) throws Exception {
        AtomicLong statements = new AtomicLong();
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        SingleConnectionDataSource connection = new SingleConnectionDataSource(DATABASE_URL, infrastructure.username(),
                infrastructure.password(), true);
        DataSource counting = counting(connection, statements);
        AuditTrail trail = new AuditTrail(new JdbcTemplate(counting), new SimpleMeterRegistry());
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(counting));
        List<String> personalFields = List.of("sourceCustomerId", "name", "email", "phone", "postalAddress");
        long commitsBefore = commits();
        double[] cpu = cpu();
        long start = System.nanoTime();
        for (int done = 0; done < APPENDED; done += POLL) {
            List<AuditedEvent> poll = new ArrayList<>(POLL);
            for (int i = 0; i < POLL; i++) {
                poll.add(new AuditedEvent(UUID.randomUUID().toString(), 1_000_000 + done + i, customerId,
                        CustomerRegistered.class.getName(), "1", Instant.now(), "webshop", "agent-17",
                        UUID.randomUUID().toString(), UUID.randomUUID().toString(), personalFields, stored));
            }
            transaction.executeWithoutResult(status -> trail.appendAll(poll));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long commits = commits() - commitsBefore;
        String used = cpuSince(cpu, APPENDED);
        connection.destroy();
        System.out.printf(Locale.ROOT, "AUDIT-BENCH append: %d events in polls of %d in %.2f s = %.0f events/s; "
                        + "%.4f statements and %.4f transactions (whole database) per event; %s%n", APPENDED, POLL,
                seconds, APPENDED / seconds, statements.get() / (double) APPENDED, commits / (double) APPENDED, used);
    }

    /** {@value #REPLAYED} records put on the topic while the listener is stopped, then consumed in one go. */
    private void replay(String customerId, byte[] stored) throws Exception {
        var container = listeners.getListenerContainer(AuditTrailProjection.LISTENER_ID);
        container.stop();
        // the view reads the same topic; the harness's copies of one event are nothing it could apply
        listeners.getListenerContainer("customer-view").stop();
        long before = SUPERUSER.queryForObject("SELECT count(*) FROM audit.entry", Long.class);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.shared().bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < REPLAYED; i++) {
                var record = new ProducerRecord<>(EVENTS, customerId, stored);
                record.headers()
                        .add("lethe.event.type", bytes(CustomerRegistered.class.getName()))
                        .add("lethe.event.revision", bytes("1"))
                        .add("lethe.event.id", bytes(UUID.randomUUID().toString()))
                        .add("lethe.event.global-sequence", bytes(String.valueOf(2_000_000 + i)))
                        .add("lethe.event.aggregate-sequence", bytes(String.valueOf(i + 1)))
                        .add("lethe.event.timestamp", bytes(Instant.now().toString()))
                        .add("lethe.commandId", bytes(UUID.randomUUID().toString()))
                        .add("lethe.source", bytes("webshop"))
                        .add("lethe.actor", bytes("agent-17"));
                producer.send(record);
            }
            producer.flush();
        }
        long commitsBefore = commits();
        double[] cpu = cpu();
        container.start();
        long target = before + REPLAYED;
        long[] firstSeen = {0};
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
            // sequences are gap-free: the head is the count, and cheap to ask for
            long count = SUPERUSER.queryForObject("SELECT coalesce(max(sequence), 0) FROM audit.entry", Long.class);
            if (firstSeen[0] == 0 && count > before) {
                firstSeen[0] = System.nanoTime();
            }
            return count >= target;
        });
        double seconds = (System.nanoTime() - firstSeen[0]) / 1e9;
        long commits = commits() - commitsBefore;
        String used = cpuSince(cpu, REPLAYED);
        System.out.printf(Locale.ROOT, "AUDIT-BENCH replay: %d events in %.2f s (first to last new entry) = %.0f "
                        + "events/s; %.4f transactions (whole database, incl. the harness's count queries) per event; "
                        + "%s (from start, incl. the group join and the harness's probes)%n",
                REPLAYED, seconds, REPLAYED / seconds, commits / (double) REPLAYED, used);
    }

    /**
     * CPU seconds so far of this JVM and of the PostgreSQL server (every process of it, reaped backends included):
     * the machine is shared, so wall time alone says little.
     */
    private static double[] cpu() throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        // the checkpointer lives as long as the server (a backend of a closed connection may be gone already)
        long postmaster = Long.parseLong(stat(SUPERUSER.queryForObject(
                "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'", Long.class))[3]);
        double ticks = 100.0;
        String[] server = stat(postmaster);
        long total = Long.parseLong(server[13]) + Long.parseLong(server[14]) + Long.parseLong(server[15])
                + Long.parseLong(server[16]);
        try (var processes = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
            for (var dir : processes.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                String[] child;
                try {
                    child = stat(Long.parseLong(dir.getFileName().toString()));
                } catch (Exception gone) {
                    continue;
                }
                if (Long.parseLong(child[3]) == postmaster) {
                    total += Long.parseLong(child[13]) + Long.parseLong(child[14]);
                }
            }
        }
        return new double[] {os.getProcessCpuTime() / 1e9, total / ticks};
    }

    /** The fields of /proc/pid/stat, index 0 = pid (the command name, which may hold spaces, skipped). */
    private static String[] stat(long pid) throws Exception {
        String line = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
        String rest = line.substring(line.lastIndexOf(')') + 2);
        String[] fields = rest.split(" ");
        String[] all = new String[fields.length + 2];
        all[0] = Long.toString(pid);
        all[1] = "comm";
        System.arraycopy(fields, 0, all, 2, fields.length);
        return all;
    }

    private static String cpuSince(double[] before, int units) throws Exception {
        double[] after = cpu();
        return String.format(Locale.ROOT, "CPU per 1,000: JVM %.3f s, PostgreSQL %.3f s",
                (after[0] - before[0]) * 1000 / units, (after[1] - before[1]) * 1000 / units);
    }

    private static long commits() {
        return SUPERUSER.queryForObject("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()",
                Long.class);
    }

    /** Counts statements the server executes: one per execute call, one per row of a JDBC batch. */
    private static DataSource counting(DataSource target, AtomicLong statements) {
        return new DelegatingDataSource(target) {
            @Override
            public Connection getConnection() throws java.sql.SQLException {
                Connection connection = super.getConnection();
                return proxy(Connection.class, connection, (self, method, args) -> {
                    Object result = invoke(method, connection, args);
                    return result instanceof Statement statement
                            ? proxy(method.getReturnType(), statement, countingStatement(statement, statements))
                            : result;
                });
            }
        };
    }

    private static InvocationHandler countingStatement(Statement statement, AtomicLong statements) {
        return (self, method, args) -> {
            Object result = invoke(method, statement, args);
            if (method.getName().equals("executeBatch")) {
                statements.addAndGet(((int[]) result).length);
            } else if (method.getName().startsWith("execute")) {
                statements.incrementAndGet();
            }
            return result;
        };
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Object target, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(AuditTrailBenchmark.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
