package dev.lethe.command.ingress.purge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.command.forgetting.PurgeStep;
import dev.lethe.command.forgetting.PurgeStepReport;
import dev.lethe.command.ingress.InjectedFaults;
import dev.lethe.command.support.Broker;
import dev.lethe.command.support.Commands;
import dev.lethe.command.support.CommandServiceIntegrationTest;
import dev.lethe.command.support.KafkaTestClient.TopicReader;
import dev.lethe.command.support.TestCommand;
import dev.lethe.localstack.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * Processed commands leave the broker: their records below the ingress group's committed offset are deleted, and
 * their bytes leave the broker's files within the documented bound even when traffic stops; a record not yet
 * committed is never deleted. The shared context purges every second with 2 s segments, and the local stack's
 * broker checks for deletable segments every 10 s (docs/architecture.md, "Command topics are purged after use").
 */
class CommandTopicPurgeIT extends CommandServiceIntegrationTest {

    private static final Logger LOG = LoggerFactory.getLogger(CommandTopicPurgeIT.class);
    /**
     * 2 x segment-roll (2 s) + 2 x purge-interval (1 s) + the broker's retention check (10 s) + file.delete.delay (5 s)
     * = 21 s after the last answer, with as much again for two busy cores.
     */
    private static final Duration FILES_GONE_BOUND = Duration.ofSeconds(45);

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    @Qualifier(CommandTopicPurger.STEP)
    PurgeStep purger;
    @Autowired
    KafkaListenerEndpointRegistry listeners;

    private static Broker broker;
    private TopicReader results;
    private InjectedFaults faults;

    @BeforeAll
    static void connectBroker() {
        broker = new Broker(TestInfrastructure.shared().bootstrapServers());
    }

    @AfterAll
    static void disconnectBroker() {
        broker.close();
    }

    @BeforeEach
    void setUp() {
        results = kafka.read(RESULTS);
        faults = new InjectedFaults(jdbc);
        faults.install();
    }

    @AfterEach
    void removeFaults() {
        faults.uninstall();
    }

    @Test
    void processedCommandsAreDeletedThroughTheCommittedOffsetAndTheirBytesLeaveTheBrokersFiles() {
        String canary = Broker.canary();
        TopicPartition partition = new TopicPartition(COMMANDS, 1);
        List<TestCommand> commands = new ArrayList<>();
        long last = -1;
        for (int i = 0; i < 3; i++) {
            TestCommand command = TestCommand.registerErika("c-" + UUID.randomUUID())
                    .with("name", canary + " " + i).with("email", canary.toLowerCase(Locale.ROOT) + i + "@example.org");
            commands.add(command);
            last = broker.send(COMMANDS, 1, "webshop:" + UUID.randomUUID(), command.json()).offset();
        }
        // the positive control: the scan finds the producers' plaintext in the segment files
        assertThat(broker.filesHolding(canary)).as("the canary in the broker's files before the purge").isNotEmpty();

        for (TestCommand command : commands) {
            JsonNode answer = Commands.json(results.await(record -> command.commandId().equals(record.key())).value());
            assertThat(answer.get("status").asText()).isEqualTo("ACCEPTED");
        }
        long answeredAt = System.nanoTime();
        long through = last + 1;

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            long committed = broker.committed(group(), partition);
            assertThat(committed).isGreaterThanOrEqualTo(through);
            assertThat(broker.earliest(partition)).as("log start offset").isGreaterThanOrEqualTo(through)
                    .isLessThanOrEqualTo(broker.committed(group(), partition));
        });
        assertThat(broker.read(partition, last)).as("the last command's record, read by any consumer").isNull();
        assertThat(jdbc.queryForObject("SELECT max(through_offset) FROM event_store.command_topic_purge "
                + "WHERE topic = ? AND partition = 1", Long.class, COMMANDS)).isGreaterThanOrEqualTo(through);

        await().atMost(FILES_GONE_BOUND).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(broker.filesHolding(canary)).isEmpty());
        LOG.info("The canary left the broker's files {} ms after the last answer",
                Duration.ofNanos(System.nanoTime() - answeredAt).toMillis());
        // an idle partition gets one segment-roll marker, not one per purge
        long end = broker.latest(partition);
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(20))
                .until(() -> broker.latest(partition) == end);
    }

    @Test
    void aRecordNotYetCommittedIsNeverDeletedAndGoesOnceItIs() {
        String canary = Broker.canary();
        TestCommand stuck = TestCommand.registerErika("c-" + UUID.randomUUID()).with("name", canary);
        TopicPartition partition = new TopicPartition(COMMANDS, 2);
        // "the connection is lost" in the transaction that would log it: retried until the database is back
        faults.fail(stuck.commandId(), "08006");
        long offset = broker.send(COMMANDS, 2, "webshop:" + UUID.randomUUID(), stuck.json()).offset();
        await().atMost(Duration.ofSeconds(30)).until(() -> faults.attempts(stuck.commandId()) >= 2);

        purger.run();
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() ->
                broker.earliest(partition) <= offset && broker.committed(group(), partition) <= offset);
        ConsumerRecord<String, byte[]> record = broker.read(partition, offset);
        assertThat(record).as("consumed but not committed: still there").isNotNull();
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(stuck.json());

        faults.clear(stuck.commandId());

        JsonNode answer = Commands.json(results.await(r -> stuck.commandId().equals(r.key())).value());
        assertThat(answer.get("status").asText()).isEqualTo("ACCEPTED");
        await().atMost(Duration.ofSeconds(30)).until(() -> broker.earliest(partition) > offset);
        assertThat(broker.read(partition, offset)).isNull();
    }

    @Test
    void twoPurgesAtOnceDeleteOnceAndAgree() throws Exception {
        for (int i = 0; i < 4; i++) {
            TestCommand command = TestCommand.registerErika("c-" + UUID.randomUUID());
            broker.send(COMMANDS, 0, "webshop:" + UUID.randomUUID(), command.json());
            Commands.json(results.await(record -> command.commandId().equals(record.key())).value());
        }
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<PurgeStepReport>>> runs = new ArrayList<>();
            for (int thread = 0; thread < 2; thread++) {
                runs.add(threads.submit(() -> {
                    List<PurgeStepReport> reports = new ArrayList<>();
                    for (int run = 0; run < 5; run++) {
                        together.await();
                        reports.add(purger.run());
                    }
                    return reports;
                }));
            }
            List<Long> millis = new ArrayList<>();
            for (Future<List<PurgeStepReport>> run : runs) {
                run.get().forEach(report -> millis.add(Duration.between(report.startedAt(), report.finishedAt()).toMillis()));
                assertThat(run.get()).hasSize(5).allSatisfy(report -> {
                    assertThat(report.step()).isEqualTo("command-topic");
                    assertThat(report.finishedAt()).isAfterOrEqualTo(report.startedAt());
                    assertThat(partitionsOf(report)).anySatisfy(partition -> {
                        assertThat(partition.get("topic")).isEqualTo(COMMANDS);
                        assertThat(partition.get("partition")).isEqualTo(0);
                        assertThat((Long) partition.get("throughOffset")).isPositive();
                    });
                });
            }
            LOG.info("Command-topic purges, two at once, {} partitions: {} ms each (start to finish, lock wait included)",
                    partitionsOf(runs.get(0).get().get(0)).size(), millis.stream().sorted().toList());
        } finally {
            threads.shutdownNow();
        }
        TopicPartition partition = new TopicPartition(COMMANDS, 0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(broker.earliest(partition)).isEqualTo(broker.committed(group(), partition)));
        assertThat(jdbc.queryForList("SELECT topic, partition, through_offset FROM event_store.command_topic_purge "
                + "GROUP BY topic, partition, through_offset HAVING count(*) > 1")).as("each deletion recorded once")
                .isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> partitionsOf(PurgeStepReport report) {
        return (List<Map<String, Object>>) report.details().get("partitions");
    }

    private String group() {
        return listeners.getListenerContainer("command-ingress").getGroupId();
    }

}
