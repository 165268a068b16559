package dev.lethe.query.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.contract.Personal;
import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.localstack.TestInfrastructure;
import dev.lethe.query.QueryServiceApplication;
import dev.lethe.query.support.AuditIntegrationTest;
import dev.lethe.query.support.Tokens;
import dev.lethe.shredding.ErasureListener;
import dev.lethe.shredding.KeyVault;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two query-service instances (this test's context and a second one against the same database) and the command
 * service's vault. No {@code CustomerErased} is published: the erasure reaches both caches through the vault's
 * notification alone, whichever partitions an instance consumes (the second consumes none).
 */
class ErasureReachesEveryInstanceIT extends AuditIntegrationTest {

    private static ConfigurableApplicationContext second;
    private static int secondPort;

    @Autowired
    KeyVault firstVault;
    @Autowired
    ErasureListener firstListener;

    @BeforeAll
    static void startSecondInstance() throws Exception {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        String ownTopic = EVENTS + ".second";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infrastructure.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(ownTopic, 1, (short) 1))).all().get();
        }
        second = new SpringApplicationBuilder(QueryServiceApplication.class).profiles("local").run(
                "--server.port=0",
                "--spring.datasource.url=" + DATABASE_URL,
                "--spring.datasource.username=" + APP_ROLE,
                "--spring.datasource.password=" + APP_ROLE,
                "--spring.flyway.user=" + infrastructure.username(),
                "--spring.flyway.password=" + infrastructure.password(),
                "--spring.kafka.bootstrap-servers=" + infrastructure.bootstrapServers(),
                "--lethe.topics.events=" + ownTopic,
                "--lethe.audit.consumer-group=lethe-query-audit-second",
                "--lethe.crypto.data-key-cache-ttl=PT1H");
        secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stopSecondInstance() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void anErasureCommittedByTheCommandServiceStopsBothInstancesDecryptingWithinOneSecond() throws Exception {
        KeyVault secondVault = second.getBean(KeyVault.class);
        ErasureListener secondListener = second.getBean(ErasureListener.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> firstListener.isListening() && secondListener.isListening());
        String erased = register("Erna Überall");
        String missed = register("Mats Verpasst");
        for (String id : List.of(erased, missed)) {
            assertThat(history(port, id)).as("first instance, decrypted and cached").isEqualTo("DECRYPTED");
            assertThat(history(secondPort, id)).as("second instance, decrypted and cached").isEqualTo("DECRYPTED");
        }
        // positive control: a key gone without the vault's notification is still served from both caches
        destroyKeyUnannounced(missed);
        assertThat(history(port, missed)).isEqualTo("DECRYPTED");
        assertThat(history(secondPort, missed)).isEqualTo("DECRYPTED");

        destroyKey(erased); // as the command service's erasure does, committed
        long committed = System.nanoTime();

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(5)).until(() ->
                firstVault.existingDataKey(erased).isEmpty() && secondVault.existingDataKey(erased).isEmpty());
        System.out.println("erasure reached both query-service instances in "
                + Duration.ofNanos(System.nanoTime() - committed).toMillis() + " ms");
        assertThat(history(port, erased)).isEqualTo("ERASED");
        assertThat(history(secondPort, erased)).isEqualTo("ERASED");
        assertThat(history(secondPort, missed)).as("nothing else dropped").isEqualTo("DECRYPTED");

        // a lost listening session: whatever it may have missed, the whole cache goes
        SUPERUSER.queryForList("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE application_name = 'lethe-erasure-listener' AND datname = current_database()");
        await().atMost(Duration.ofSeconds(30)).until(() -> "ERASED".equals(history(port, missed))
                && "ERASED".equals(history(secondPort, missed)));
        await().atMost(Duration.ofSeconds(30)).until(() -> firstListener.isListening() && secondListener.isListening());
    }

    private String register(String name) {
        String id = UUID.randomUUID().toString();
        awaitAudited(publish(id, new CustomerRegistered(id, "webshop", Personal.of("ref-" + id), "order-fulfilment",
                Personal.of(name), null, null, null, null), Instant.now()));
        return id;
    }

    /** How the first entry of the person's compliance history reads on the instance at {@code port}. */
    private static String history(int port, String id) {
        String path = "/api/compliance/customers/" + id + "/history";
        var response = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", Tokens.bearer(Tokens.forPath(path))).GET().build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode history = json(response.body());
        return history.get(0).get("personalData").asText();
    }
}
