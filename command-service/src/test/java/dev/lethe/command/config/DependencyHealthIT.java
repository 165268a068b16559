package dev.lethe.command.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.command.security.Tokens;
import dev.lethe.localstack.LocalKafka;
import dev.lethe.localstack.LocalPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Health and readiness against a broker and a database this test owns and stops: each outage is reported DOWN
 * within seconds, no health call takes longer than {@link #ANSWER_WITHIN}, liveness ignores the outage, and
 * health recovers when the dependency is back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DependencyHealthIT {

    private static final Logger LOG = LoggerFactory.getLogger(DependencyHealthIT.class);
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);
    private static final Duration NOTICED_WITHIN = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPERATOR = Tokens.token("health-operator", "OPERATOR");
    private static final Path DIRECTORY = temporaryDirectory();
    private static LocalPostgres postgres = LocalPostgres.start(
            LocalPostgres.Options.persistent(DIRECTORY.resolve("postgres"), 0).notCrashSafe());
    private static LocalKafka kafka = LocalKafka.start(LocalKafka.Options.persistent(DIRECTORY.resolve("kafka"), 0, 0));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicLong slowestMillis = new AtomicLong();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void ownInfrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> postgres.ensureDatabase("lethe"));
        registry.add("spring.datasource.username", () -> LocalPostgres.USERNAME);
        registry.add("spring.datasource.password", () -> LocalPostgres.PASSWORD);
        registry.add("spring.kafka.bootstrap-servers", () -> kafka.bootstrapServers());
    }

    @AfterEach
    void everyHealthCallAnsweredInTime(TestInfo test) {
        LOG.info("{}: slowest health call {} ms", test.getDisplayName(), slowestMillis.get());
        assertThat(Duration.ofMillis(slowestMillis.get())).as("slowest health call").isLessThan(ANSWER_WITHIN);
    }

    @Test
    @Order(1)
    void upWithBothDependencies() {
        await("health UP").atMost(NOTICED_WITHIN).until(() -> status(health(), "db").equals("UP")
                && status(health(), "kafka").equals("UP"));
        assertThat(readiness().statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void aStoppedBrokerIsReportedDownAndNotReady() {
        kafka.close();

        await("kafka DOWN").atMost(NOTICED_WITHIN).until(() -> status(health(), "kafka").equals("DOWN"));
        JsonNode health = health();
        assertThat(health.get("status").asText()).isEqualTo("DOWN");
        assertThat(status(health, "db")).isEqualTo("UP");
        HttpResponse<String> readiness = readiness();
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(readiness.body()).as("details only for operators").doesNotContain("kafka");
        assertThat(get("/actuator/health/liveness", null).statusCode()).as("liveness ignores the broker").isEqualTo(200);
    }

    @Test
    @Order(3)
    void theBrokerBackOnItsPortIsReportedUp() {
        kafka = LocalKafka.start(LocalKafka.Options.persistent(DIRECTORY.resolve("kafka"), kafka.port(),
                kafka.controllerPort()));

        await("kafka UP again").atMost(NOTICED_WITHIN).until(() -> status(health(), "kafka").equals("UP"));
    }

    @Test
    @Order(4)
    void anUnreachableDatabaseIsReportedDownWithinSeconds() {
        postgres.close();

        await("db DOWN").atMost(NOTICED_WITHIN).until(() -> status(health(), "db").equals("DOWN"));
        assertThat(readiness().statusCode()).isEqualTo(503);
        assertThat(get("/actuator/health/liveness", null).statusCode()).as("liveness ignores the database")
                .isEqualTo(200);
    }

    @Test
    @Order(5)
    void theDatabaseBackIsReportedUp() {
        postgres = LocalPostgres.start(LocalPostgres.Options.persistent(DIRECTORY.resolve("postgres"), postgres.port())
                .notCrashSafe());

        await("db UP again").atMost(NOTICED_WITHIN).until(() -> status(health(), "db").equals("UP"));
        assertThat(readiness().statusCode()).isEqualTo(200);
    }

    private JsonNode health() {
        try {
            return JSON.readTree(get("/actuator/health", OPERATOR).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> readiness() {
        return get("/actuator/health/readiness", null);
    }

    private static String status(JsonNode health, String component) {
        JsonNode node = health.path("components").path(component).path("status");
        return node.isMissingNode() ? "MISSING" : node.asText();
    }

    /** Times every call: none may take longer than {@link #ANSWER_WITHIN}, whatever is down. */
    private HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        long started = System.nanoTime();
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            slowestMillis.accumulateAndGet(Duration.ofNanos(System.nanoTime() - started).toMillis(), Math::max);
        }
    }

    /** Under target/, so that a clean build removes the data of the servers this test stopped and restarted. */
    private static Path temporaryDirectory() {
        try {
            Files.createDirectories(Path.of("target"));
            return Files.createTempDirectory(Path.of("target"), "dependency-health-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
