package dev.lethe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import dev.lethe.auditverifier.AuditVerifier;
import dev.lethe.local.backup.Backup;
import dev.lethe.local.backup.BackupException;
import dev.lethe.local.backup.Database;
import dev.lethe.local.backup.Manifest;
import dev.lethe.local.backup.Restore;
import dev.lethe.localstack.LocalPostgres;
import dev.lethe.localstack.TestInfrastructure;
import dev.lethe.localstack.evidence.DatabaseDump;
import dev.lethe.localstack.evidence.PlaintextScan;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups keep erasures: back up, erase a person, restore the OLD backup into a fresh database and start the
 * platform on it; the person stays erased everywhere while everyone else is intact.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupRestoreIT {

    /** The local profile's audit checkpoint public key (query-service application-local.yml). */
    private static final String CHECKPOINT_PUBLIC_KEY = "MCowBQYDK2VwAyEAts9R8EDb9aNpJNU9sMyHzs1GOO+jhYoLDLaQ1tgCr6Q=";
    /** Two platforms one after the other on a shared machine: start-up may take longer than the default 90 s. */
    private static final Duration START_PATIENCE = Duration.ofSeconds(180);
    private static final Path SERVICES = Path.of(System.getProperty("lethe.services.dir", "target/services"));

    @TempDir
    static Path work;

    static LethePlatform original;
    static PlatformDriver driver;
    static Database originalDatabase;
    static Path backup;
    static Manifest manifest;
    static Person erased;
    static Person kept;
    static Person keptToo;

    record Person(String customerId, String name, String email, String phone, String reference) {
        List<String> canaries() {
            return List.of(name, email, phone, reference);
        }
    }

    @BeforeAll
    static void backUpThenErase() throws Exception {
        original = LethePlatform.start(new LaunchOptions(work.resolve("original"), 0, 0, 0, 0, 0, null, null, null,
                null, SERVICES, START_PATIENCE, false, List.of()));
        driver = new PlatformDriver(original);
        erased = register("Erased");
        kept = register("Kept");
        keptToo = register("Alsokept");
        for (Person person : List.of(erased, kept, keptToo)) {
            driver.awaitCustomer(person.customerId(), person.name());
        }
        originalDatabase = new Database(original.jdbcUrl(), LocalPostgres.USERNAME, LocalPostgres.PASSWORD);
        backup = work.resolve("backup");

        manifest = Backup.run(originalDatabase, backup, null);

        driver.accept("support:" + erased.customerId(), "EraseCustomer", "support", "customer-service",
                "{\"customerId\":\"%s\",\"reason\":\"DATA_SUBJECT_REQUEST\"}".formatted(erased.customerId()));
        driver.awaitStatus(erased.customerId(), 410);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.close();
        }
        if (original != null) {
            original.close();
        }
    }

    @Test
    @Order(1)
    void theBackupHoldsTheDataTheVaultApartAndAManifestThatDescribesThem() throws Exception {
        assertThat(manifest.maxGlobalIndex()).isGreaterThanOrEqualTo(3);
        assertThat(manifest.auditHeadSequence()).isGreaterThanOrEqualTo(3);
        assertThat(manifest.dataKeys()).isGreaterThanOrEqualTo(3);
        assertThat(manifest.snapshot().id()).isNotBlank();
        assertThat(manifest.artefacts()).extracting(Manifest.Artefact::kind)
                .containsExactly(Manifest.DATA, Manifest.KEY_VAULT, Manifest.LEDGER);
        assertThat(backup.resolve("key-vault/key-vault.dump")).isRegularFile();
        // positive control for the proof below: the old backup really holds the person (their rows, by id), and
        // none of their values in clear (the read model is encrypted under their key, which the ledger keeps gone)
        assertThat(PlaintextScan.formsFound(asSql(backup.resolve("data.dump")), erased.customerId())).isNotEmpty();
        assertThat(PlaintextScan.formsFound(asSql(backup.resolve("data.dump")), erased.name())).isEmpty();
        assertThat(asSql(backup.resolve("data.dump"))).doesNotContain("key_vault.data_key");
        assertThat(asSql(backup.resolve("key-vault/key-vault.dump"))).contains("key_vault.data_key")
                .doesNotContain("domain_event_entry");
    }

    @Test
    @Order(2)
    void aRestoreIntoADatabaseThatIsNotEmptyIsRefused() {
        Path handOver = work.resolve("not-written.csv");
        assertThatThrownBy(() -> Restore.run(new Restore.Request(backup, null, originalDatabase, originalDatabase,
                List.of(), false, handOver)))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo("TARGET_NOT_EMPTY"))
                .hasMessageContaining("not empty");
        assertThat(handOver).doesNotExist();
    }

    @Test
    @Order(3)
    void aBackupWithoutALedgerNewerThanItselfIsRefusedAndTheTargetStaysEmpty() throws Exception {
        Path withoutLedger = work.resolve("backup-without-ledger");
        Files.createDirectories(withoutLedger.resolve("key-vault"));
        for (String file : List.of("manifest.json", "data.dump", "key-vault/key-vault.dump")) {
            Files.copy(backup.resolve(file), withoutLedger.resolve(file));
        }
        Database target = freshDatabase("refused");

        Path handOver = work.resolve("not-written.csv");
        assertThatThrownBy(() -> Restore.run(new Restore.Request(withoutLedger, null, target, null, List.of(), false,
                handOver)))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo("LEDGER_REQUIRED"))
                .hasMessageContaining("no erasure ledger artefact");
        // its own ledger is not enough either: it cannot know who was erased after it
        assertThatThrownBy(() -> Restore.run(new Restore.Request(backup, null, target, null, List.of(), false,
                handOver)))
                .isInstanceOfSatisfying(BackupException.class, e -> assertThat(e.code()).isEqualTo("LEDGER_REQUIRED"));
        assertThat(handOver).doesNotExist();

        try (Connection connection = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
             ResultSet schemas = connection.createStatement().executeQuery(
                     "SELECT count(*) FROM pg_namespace WHERE nspname IN ('event_store', 'key_vault', 'query', 'audit')")) {
            schemas.next();
            assertThat(schemas.getInt(1)).as("schemas restored despite the refusal").isZero();
        }
    }

    @Test
    @Order(4)
    void theOldBackupRestoredIntoAFreshDatabaseKeepsTheErasureAndEverythingElse() throws Exception {
        Database restoredDatabase = freshDatabase("restored");
        Restore.Result result = Restore.run(new Restore.Request(backup, null, restoredDatabase, originalDatabase,
                List.of(), false, work.resolve("restored-erasure-ledger.csv")));
        assertThat(result.ledgerEntries()).isEqualTo(1);
        assertThat(Files.readString(result.ledgerFile())).contains(erased.customerId()).doesNotContain(kept.customerId());
        // the tool wrote no service's table: the backup's key and view rows are there until the services apply it
        assertThat(count(restoredDatabase, "SELECT count(*) FROM key_vault.data_key WHERE subject_id = ?",
                erased.customerId())).isOne();
        // the original's database is gone for good; the restored one gets a new, empty broker
        driver.close();
        driver = null;
        original.close();
        original = null;

        try (LethePlatform restored = LethePlatform.start(new LaunchOptions(work.resolve("restored"), 0, 0, 0, 0, 0,
                restoredDatabase.jdbcUrl(), restoredDatabase.user(), restoredDatabase.password(), null, SERVICES,
                START_PATIENCE, false,
                // a restore needs the KEKs that wrapped the backup's keys: the machine's keyring, not the database's
                List.of("--lethe.crypto.kek.keyring=" + work.resolve("original/keyring/keks.json").toAbsolutePath(),
                        // the restore's hand-over: each service applies the merged ledger to its own tables
                        "--lethe.restore.ledger=" + result.ledgerFile())));
             PlatformDriver restoredDriver = new PlatformDriver(restored)) {
            // erased before the services took a single request: each applied the ledger at start-up
            assertThat(restoredDriver.get("/api/customers/" + erased.customerId()).statusCode()).isEqualTo(410);
            assertThat(count(restoredDatabase, "SELECT count(*) FROM key_vault.data_key WHERE subject_id = ?",
                    erased.customerId())).isZero();
            assertThat(count(restoredDatabase, "SELECT count(*) FROM key_vault.destroyed_key WHERE subject_id = ?",
                    erased.customerId())).isOne();
            assertThat(count(restoredDatabase, "SELECT count(*) FROM event_store.match_key WHERE customer_id = ?",
                    erased.customerId())).isZero();
            assertThat(count(restoredDatabase, "SELECT count(*) FROM query.customer_view WHERE customer_id = ?",
                    erased.customerId())).isZero();
            assertThat(count(restoredDatabase, "SELECT count(*) FROM event_store.domain_event_entry WHERE "
                    + "aggregateidentifier = ? AND payloadtype = 'dev.lethe.contract.customer.CustomerErased'",
                    erased.customerId())).isEqualTo(1);
            for (Person person : List.of(kept, keptToo)) {
                assertThat(restoredDriver.awaitCustomer(person.customerId(), person.name())).contains(person.email());
            }
            // the re-erasure reached the audit trail through the new broker
            await("the re-erasure in the audit trail").atMost(PlatformDriver.PATIENCE).until(() -> count(restoredDatabase,
                    "SELECT count(*) FROM audit.entry WHERE customer_id = ? AND event_type LIKE '%CustomerErased'",
                    erased.customerId()) == 1);

            String dump = DatabaseDump.of(restoredDatabase.jdbcUrl(), restoredDatabase.user(), restoredDatabase.password());
            String events = restoredDriver.topicDump("lethe.events");
            String logs = restoredDriver.logs();
            assertThat(PlaintextScan.formsFound(dump, kept.customerId())).as("positive control").contains("plain");
            assertThat(events).as("the restored store was published again").contains(kept.customerId());
            for (String canary : erased.canaries()) {
                assertThat(PlaintextScan.formsFound(dump, canary)).as("pg_dump: %s", canary).isEmpty();
                assertThat(PlaintextScan.formsFound(events, canary)).as("lethe.events: %s", canary).isEmpty();
                assertThat(PlaintextScan.formsFound(logs, canary)).as("logs: %s", canary).isEmpty();
            }

            assertAuditTrailVerifies(restored);
            assertRebuildGivesTheSameView(restored, restoredDriver);
        }
    }

    private static void assertAuditTrailVerifies(LethePlatform platform) throws Exception {
        HttpResponse<String> verify = call(platform, "GET", "/api/compliance/audit/verify", "COMPLIANCE_OFFICER");
        assertThat(verify.statusCode()).isEqualTo(200);
        assertThat((Boolean) JsonPath.read(verify.body(), "$.valid")).as(verify.body()).isTrue();
        HttpResponse<String> export = call(platform, "GET", "/api/compliance/audit/export", "COMPLIANCE_OFFICER");
        Path exported = work.resolve("audit-export.json");
        Files.writeString(exported, export.body());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = AuditVerifier.run(new String[] {"--trail", exported.toString(), "--public-key", CHECKPOINT_PUBLIC_KEY},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(exit).as("offline verifier: %s", out).isZero();
    }

    private static void assertRebuildGivesTheSameView(LethePlatform platform, PlatformDriver driver) throws Exception {
        Map<String, String> before = views(driver);
        HttpResponse<String> rebuild = call(platform, "POST", "/api/operations/projections/customer-view/rebuild",
                "OPERATOR");
        assertThat(rebuild.statusCode()).as(rebuild.body()).isEqualTo(202);
        await("the rebuilt view equal to the restored one").atMost(PlatformDriver.PATIENCE)
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(views(driver)).isEqualTo(before));
    }

    /** Status and body of each person's record, as an analyst reads it. */
    private static Map<String, String> views(PlatformDriver driver) throws Exception {
        Map<String, String> views = new LinkedHashMap<>();
        for (Person person : List.of(erased, kept, keptToo)) {
            HttpResponse<String> response = driver.get("/api/customers/" + person.customerId());
            views.put(person.customerId(), response.statusCode() + " " + response.body());
        }
        return views;
    }

    private static HttpResponse<String> call(LethePlatform platform, String method, String path, String role)
            throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(platform.queryUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/json")
                .header("Authorization", "Bearer " + LocalTokens.mint("backup-it", List.of(role)))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Person register(String label) throws Exception {
        String canary = UUID.randomUUID().toString().substring(0, 8);
        String reference = "ref-" + label.toLowerCase() + "-" + canary;
        String name = label + " Canary " + canary;
        String email = label.toLowerCase() + "." + canary + "@example.org";
        String phone = "+4930" + (1_000_000 + Math.abs(canary.hashCode() % 9_000_000));
        String result = driver.accept("webshop:" + reference, "RegisterCustomer", "webshop", "order-fulfilment",
                "{\"sourceCustomerId\":\"%s\",\"name\":\"%s\",\"email\":\"%s\",\"phone\":\"%s\"}"
                        .formatted(reference, name, email, phone));
        return new Person(JsonPath.read(result, "$.customerId"), name, email, phone, reference);
    }

    private static Database freshDatabase(String prefix) {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        return new Database(infrastructure.createDatabase(prefix), infrastructure.username(), infrastructure.password());
    }

    private static long count(Database database, String query, String parameter) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             var statement = connection.prepareStatement(query)) {
            statement.setString(1, parameter);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** A custom-format dump as the SQL it holds, as whoever holds the backup can read it. */
    private static String asSql(Path dump) throws Exception {
        Path sql = Files.createTempFile(work, "dump", ".sql");
        Process process = new ProcessBuilder("pg_restore", "--file=" + sql, dump.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0).as("pg_restore to SQL").isTrue();
        return Files.readString(sql, StandardCharsets.UTF_8);
    }
}
