package dev.lethe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jayway.jsonpath.JsonPath;
import dev.lethe.localstack.LocalPostgres;
import dev.lethe.localstack.Processes;
import dev.lethe.localstack.evidence.PlaintextScan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The whole platform as the run command starts it, driven the way a source system and an analyst would. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformEndToEndIT extends RunningPlatform {

    @Test
    @Order(1)
    void aCustomerRegisteredOverKafkaCanBeReadFromTheQueryApi() throws Exception {
        String commandId = UUID.randomUUID().toString();
        driver.send("webshop:c-1042", registerErika(commandId));

        String result = driver.awaitResult(commandId);

        assertThat((String) JsonPath.read(result, "$.commandId")).isEqualTo(commandId);
        assertThat((String) JsonPath.read(result, "$.status")).isEqualTo("ACCEPTED");
        String customerId = JsonPath.read(result, "$.customerId");
        assertThat(UUID.fromString(customerId)).isNotNull();

        String customer = driver.awaitCustomer(customerId, "Erika Mustermann");
        assertThat((String) JsonPath.read(customer, "$.customerId")).isEqualTo(customerId);
        assertThat((String) JsonPath.read(customer, "$.name")).isEqualTo("Erika Mustermann");
        assertThat((String) JsonPath.read(customer, "$.email")).isEqualTo("erika@example.org");
    }

    @Test
    @Order(2)
    void theReadmeLifeOfACustomerWorksAsDocumented() throws Exception {
        String reference = "c-" + UUID.randomUUID().toString().substring(0, 8);
        // another person than the first test's Erika: an equal email would link this registration to her
        String customerId = JsonPath.read(driver.accept("webshop:" + reference, "RegisterCustomer", "webshop",
                "order-fulfilment", "{\"sourceCustomerId\":\"%s\",\"name\":\"Max Mustermann\",\"email\":\"max.%s@example.org\"}"
                        .formatted(reference, reference)), "$.customerId");
        driver.accept("webshop:" + reference, "UpdateContactDetails", "webshop", "order-fulfilment",
                "{\"sourceCustomerId\":\"%s\",\"email\":\"max.mustermann.%s@example.org\"}".formatted(reference, reference));
        driver.accept("webshop:" + reference, "GrantConsent", "webshop", "marketing",
                "{\"sourceCustomerId\":\"%s\",\"channel\":\"email\",\"consentTextVersion\":\"newsletter-v3\"}".formatted(reference));
        driver.accept("webshop:" + reference, "WithdrawConsent", "webshop", "marketing",
                "{\"sourceCustomerId\":\"%s\",\"channel\":\"email\"}".formatted(reference));
        String view = driver.awaitCustomer(customerId, "\"granted\":false");
        assertThat((String) JsonPath.read(view, "$.email")).isEqualTo("max.mustermann." + reference + "@example.org");

        driver.accept(customerId, "RestrictProcessing", "support", "customer-service",
                "{\"customerId\":\"%s\",\"reason\":\"ACCURACY_CONTESTED\"}".formatted(customerId));
        // Art. 18: analysts no longer see a restricted person
        driver.awaitStatus(customerId, 403);
        assertThat(driver.get("/api/customers/" + customerId).body()).contains("PROCESSING_RESTRICTED")
                .doesNotContain("max.mustermann");

        driver.accept(customerId, "EraseCustomer", "support", "customer-service",
                "{\"customerId\":\"%s\",\"reason\":\"DATA_SUBJECT_REQUEST\"}".formatted(customerId));
        driver.awaitStatus(customerId, 410);
    }

    @Test
    @Order(3)
    void bothServicesReportHealthAndPrometheusMetricsWithoutPersonalData() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        // health is open for probes; metrics only for operators (docs/security.md)
        String operator = "Bearer " + LocalTokens.mint("e2e-operator", List.of("OPERATOR"));
        for (String service : List.of(platform.commandUrl(), platform.queryUrl())) {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(service + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"UP\"");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(service + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as("metrics without a token").isEqualTo(401);
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(service + "/actuator/prometheus"))
                    .header("Authorization", operator).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes").doesNotContain("Erika", "erika@example.org");
        }
        HttpResponse<String> commandMetrics = http.send(HttpRequest.newBuilder(
                URI.create(platform.commandUrl() + "/actuator/prometheus")).header("Authorization", operator).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(commandMetrics.body()).contains("lethe_commands_total");
    }

    @Test
    @Order(4)
    void anErasedCustomerLeavesNoPlaintextInTheDatabaseTheEventTopicOrAnyServiceLog() throws Exception {
        String canary = UUID.randomUUID().toString().substring(0, 8);
        String name = "Canary " + canary;
        String email = "canary." + canary + "@example.org";
        String phone = "+4930" + (1_000_000 + Math.abs(canary.hashCode() % 9_000_000));
        String reference = "canary-ref-" + canary;
        List<String> canaries = List.of(name, email, phone, reference);
        String registerId = UUID.randomUUID().toString();
        driver.send("webshop:" + reference, PlatformDriver.command(registerId, "RegisterCustomer", "webshop",
                "order-fulfilment", "{\"sourceCustomerId\":\"%s\",\"name\":\"%s\",\"email\":\"%s\",\"phone\":\"%s\"}"
                        .formatted(reference, name, email, phone)));
        String customerId = JsonPath.read(driver.awaitResult(registerId), "$.customerId");

        // positive control: the person is readable through the API and their rows are in the dump (the scan finds
        // their id), which holds none of their values in clear even before the erasure: the read model is encrypted
        assertThat(driver.awaitCustomer(customerId, name)).contains(email);
        String before = driver.databaseDump();
        assertThat(PlaintextScan.formsFound(before, customerId)).contains("plain");
        for (String value : canaries) {
            assertThat(PlaintextScan.formsFound(before, value)).as("pg_dump before the erasure: %s", value).isEmpty();
        }

        driver.accept("support:" + customerId, "EraseCustomer", "support", "customer-service",
                "{\"customerId\":\"%s\",\"reason\":\"DATA_SUBJECT_REQUEST\"}".formatted(customerId));
        driver.awaitStatus(customerId, 410);

        String dump = driver.databaseDump();
        String events = driver.topicDump("lethe.events");
        String logs = driver.logs();
        for (String value : canaries) {
            assertThat(PlaintextScan.formsFound(dump, value)).as("pg_dump: %s", value).isEmpty();
            assertThat(PlaintextScan.formsFound(events, value)).as("lethe.events: %s", value).isEmpty();
            assertThat(PlaintextScan.formsFound(logs, value)).as("service logs: %s", value).isEmpty();
        }
    }

    @Test
    @Order(5)
    void theQueryServiceRunsAsARoleThatCanOnlyReadAndAppendTheAuditTrail() throws Exception {
        try (Connection owner = DriverManager.getConnection(platform.jdbcUrl(), LocalPostgres.USERNAME,
                LocalPostgres.PASSWORD);
             var sessions = owner.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE usename = ?")) {
            sessions.setString(1, QueryServiceRole.NAME);
            try (ResultSet count = sessions.executeQuery()) {
                assertThat(count.next() && count.getInt(1) > 0).as("connections of the query service's role").isTrue();
            }
        }
        try (Connection service = DriverManager.getConnection(platform.jdbcUrl(), QueryServiceRole.NAME,
                QueryServiceRole.PASSWORD);
             Statement statement = service.createStatement()) {
            assertThat(statement.executeQuery("SELECT count(*) FROM audit.entry").next()).isTrue();
            for (String forbidden : List.of("UPDATE audit.entry SET actor = 'x'", "DELETE FROM audit.entry",
                    "TRUNCATE audit.entry", "DELETE FROM key_vault.data_key")) {
                assertThatThrownBy(() -> statement.execute(forbidden)).as(forbidden)
                        .hasMessageContaining("permission denied");
            }
        }
    }

    @Test
    @Order(6)
    void closingThePlatformLeavesNoProcessBehindAndKeepsTheData() {
        List<Long> children = platform.childPids();
        assertThat(children).hasSize(3).allMatch(Processes::isRunning);
        // every part has a pid file naming its running process (what an operator's tooling reads)
        PartsOfThePlatform parts = new PartsOfThePlatform(platform);
        List<String> everyPart = List.of(LethePlatform.POSTGRES, LethePlatform.KAFKA, LethePlatform.COMMAND_SERVICE,
                LethePlatform.QUERY_SERVICE);
        for (String part : everyPart) {
            assertThat(Processes.isRunning(parts.pid(part))).as(part).isTrue();
        }
        assertThat(children).contains(parts.pid(LethePlatform.KAFKA), parts.pid(LethePlatform.COMMAND_SERVICE),
                parts.pid(LethePlatform.QUERY_SERVICE));
        int restartsBefore = everyPart.stream().mapToInt(platform::restarts).sum();

        platform.close();

        assertThat(children).noneMatch(Processes::isRunning);
        assertThat(ProcessHandle.current().descendants().filter(child -> Processes.isRunning(child.pid())))
                .as("processes left running").isEmpty();
        assertThat(everyPart.stream().mapToInt(platform::restarts).sum()).as("restarts while stopping")
                .isEqualTo(restartsBefore);
        assertThat(platform.pidFile(LethePlatform.COMMAND_SERVICE)).doesNotExist();
        assertThat(dataDirectory.resolve("postgres").resolve("PG_VERSION")).exists();
        assertThat(dataDirectory.resolve("kafka").resolve("data").resolve("meta.properties")).exists();
    }

    private static String registerErika(String commandId) {
        return """
                {"commandId":"%s","type":"RegisterCustomer","source":"webshop","actor":"agent-17",\
                "purpose":"order-fulfilment","issuedAt":"2026-11-28T10:00:00Z",\
                "payload":{"sourceCustomerId":"c-1042","name":"Erika Mustermann","email":"erika@example.org",\
                "phone":"+49 30 1234567",\
                "postalAddress":{"street":"Hauptstr. 1","postalCode":"10115","city":"Berlin","country":"DE"}}}"""
                .formatted(commandId);
    }
}
