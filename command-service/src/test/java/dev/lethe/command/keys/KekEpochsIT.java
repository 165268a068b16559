package dev.lethe.command.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.support.crypto.CryptoProperties;
import dev.lethe.command.support.Commands;
import dev.lethe.command.support.KafkaTestClient;
import dev.lethe.command.support.TestCommand;
import dev.lethe.contract.Personal;
import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.localstack.LocalJwt;
import dev.lethe.localstack.TestInfrastructure;
import dev.lethe.shredding.DataKey;
import dev.lethe.shredding.JdbcKeyVault;
import dev.lethe.shredding.KeyEncryptionKeys;
import dev.lethe.shredding.KeyVault;
import dev.lethe.shredding.LetheObjectMapper;
import dev.lethe.shredding.ShreddingCodec;
import dev.lethe.shredding.kek.KekBackend;
import dev.lethe.shredding.kek.KekEpochs;
import dev.lethe.shredding.kek.LocalKeyring;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * KEK epochs on the real service with the keyring backend, in a database and keyring of its own (it destroys KEKs,
 * which the shared test database's other contexts must not meet): an erased person's wrapped key, copied before
 * the erasure as WAL or a backup would keep it, unwraps until the erasure purge destroyed the KEK that wrapped it,
 * and with no existing KEK afterwards, checked by a scraper that reads the keyring file on its own; a retired KEK
 * lives exactly its retention; two instances rotating at once take turns and lose no key.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "lethe.crypto.kek.scheduled=false")
@ActiveProfiles("local")
class KekEpochsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String DATABASE_URL = TestInfrastructure.shared().createDatabase("kek");
    private static final Path KEYRING = keyringFile();
    private static final String COMMANDS = "lethe.commands.kek." + RUN;
    private static final String RESULTS = "lethe.command-results.kek." + RUN;

    private static KafkaTestClient kafka;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    EventStore eventStore;
    @Autowired
    KeyVault keyVault;
    @Autowired
    KeyEncryptionKeys keks;
    @Autowired
    KekEpochs epochs;
    @Autowired
    CryptoProperties crypto;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        registry.add("spring.datasource.url", () -> DATABASE_URL);
        registry.add("spring.datasource.username", infrastructure::username);
        registry.add("spring.datasource.password", infrastructure::password);
        registry.add("spring.kafka.bootstrap-servers", infrastructure::bootstrapServers);
        registry.add("lethe.topics.commands", () -> COMMANDS);
        registry.add("lethe.topics.command-results", () -> RESULTS);
        registry.add("lethe.topics.commands-dlq", () -> "lethe.commands.dlq.kek." + RUN);
        registry.add("lethe.topics.events", () -> "lethe.events.kek." + RUN);
        registry.add("lethe.crypto.kek.keyring", KEYRING::toString);
        // as the run command: the public demo KEK of the local profile never wraps a key here
        registry.add("lethe.crypto.kek.import-configured", () -> "false");
    }

    private static Path keyringFile() {
        try {
            return Files.createTempDirectory("lethe-kek-it-").resolve("keyring/keks.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void connectKafka() {
        kafka = new KafkaTestClient(TestInfrastructure.shared().bootstrapServers());
    }

    @AfterAll
    static void disconnectKafka() {
        kafka.close();
    }

    @Test
    void anErasedPersonsKeyCopiedBeforeTheErasureIsNoiseOnceThePurgeDestroyedItsKek() throws Exception {
        Commands commands = new Commands(kafka, COMMANDS, kafka.read(RESULTS));
        String erased = commands.accepted(TestCommand.registerLead("kek-" + UUID.randomUUID(), "Erika Vergessen",
                TestCommand.uniqueEmail("erika.vergessen")));
        String kept = commands.accepted(TestCommand.registerLead("kek-" + UUID.randomUUID(), "Karl Bleibt",
                TestCommand.uniqueEmail("karl.bleibt")));
        // what a WAL segment, a dead tuple or a backup keeps of the key row
        WrappedKey copy = jdbc.queryForObject("SELECT key_id::text, kek_id, wrapped_key FROM key_vault.data_key "
                        + "WHERE subject_id = ?", (rs, row) -> new WrappedKey(erased, rs.getString(1), rs.getString(2),
                rs.getBytes(3)), erased);
        assertThat(copy.kekId()).isEqualTo(epochs.current().orElseThrow()).isNotEqualTo("local-kek-1");
        // positive control: the independent scraper unwraps it with the keyring file's KEK
        assertThat(KeyringScraper.unwrapWithAnyKek(KEYRING, copy)).as("unwrapped before erasure").isPresent();

        JsonNode erasure = commands.send(TestCommand.of("EraseCustomer").from("crm").forPurpose("lead")
                .with("customerId", erased).with("reason", "DATA_SUBJECT_REQUEST"));
        assertThat(erasure.get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(jdbc.queryForObject("SELECT kek_id FROM key_vault.destroyed_key WHERE subject_id = ?",
                String.class, erased)).as("the ledger names the KEK that wrapped the destroyed key")
                .isEqualTo(copy.kekId());
        assertThat(KeyringScraper.unwrapWithAnyKek(KEYRING, copy))
                .as("erased logically, not yet physically: the copy still unwraps").isPresent();

        HttpResponse<String> purge = send("/api/operations/erasure/purge", operator());

        assertThat(purge.statusCode()).as(purge.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(purge.body());
        assertThat(answer.get("complete").asBoolean()).isTrue();
        JsonNode step = answer.get("steps").get(0);
        assertThat(step.get("step").asText()).isEqualTo("kek-epochs");
        assertThat(step.get("status").asText()).isEqualTo("DONE");
        assertThat(step.get("startedAt").asText()).isNotBlank();
        assertThat(step.get("finishedAt").asText()).isNotBlank();
        String current = epochs.current().orElseThrow();
        assertThat(step.at("/details/kekCreated").asText()).isEqualTo(current);
        assertThat(step.at("/details/currentKek").asText()).isEqualTo(current);
        assertThat(step.at("/details/kekRetired").asText()).isEqualTo(copy.kekId());
        assertThat(step.at("/details/keysRewrapped").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(step.at("/details/keksDestroyed").findValuesAsText("kekId")).contains(copy.kekId());
        assertThat(jdbc.queryForObject("SELECT destroyed_at IS NOT NULL FROM key_vault.kek_epoch WHERE kek_id = ?",
                Boolean.class, copy.kekId())).isTrue();
        assertThat(Files.readString(KEYRING)).doesNotContain(copy.kekId());
        assertThat(KeyringScraper.unwrapWithAnyKek(KEYRING, copy))
                .as("no KEK that still exists unwraps the erased person's key").isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM key_vault.data_key WHERE kek_id <> ?", Long.class,
                current)).isZero();
        // everyone else still reads, also through a vault that knows only the keyring file (as the query service)
        ShreddingCodec reader = new ShreddingCodec(LetheObjectMapper.create(), new JdbcKeyVault(dataSource,
                KeyEncryptionKeys.readOnly(new LocalKeyring(KEYRING, Clock.systemUTC(), Duration.ofSeconds(1))),
                Duration.ofMinutes(5)));
        CustomerRegistered registration = reader.decrypt(storedRegistration(kept), CustomerRegistered.class);
        assertThat(registration.name()).isEqualTo(Personal.of("Karl Bleibt"));
    }

    @Test
    void thePurgeIsForOperatorsOnlyAndChangesNothingForOthers() throws Exception {
        List<KekEpochs.Epoch> before = epochs.all();

        HttpResponse<String> anonymous = send("/api/operations/erasure/purge", null);
        HttpResponse<String> analyst = send("/api/operations/erasure/purge",
                LocalJwt.mint("c-analyst", Duration.ofHours(1), List.of("ANALYST", "COMPLIANCE_OFFICER")));

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(analyst.statusCode()).isEqualTo(403);
        assertThat(epochs.all()).isEqualTo(before);
    }

    @Test
    void aRetiredKekIsKeptForItsRetentionAndDestroyedOnlyAfterwards() {
        KekLifecycle lifecycle = lifecycle(keyVault, Duration.ofSeconds(3));

        KekLifecycle.Rotation rotation = lifecycle.rotate();
        String retired = rotation.retired().orElseThrow();

        assertThat(lifecycle.destroyDue()).extracting(KekLifecycle.Destruction::kekId).doesNotContain(retired);
        assertThat(keks.backend().contains(retired)).as("kept during its retention").isTrue();
        KekLifecycle.Destruction scheduled = lifecycle.scheduled().stream()
                .filter(destruction -> destruction.kekId().equals(retired)).findFirst().orElseThrow();
        assertThat(scheduled.destroyAfter()).isAfter(rotation.startedAt());
        await("the retention of the retired KEK ends").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> lifecycle.destroyDue().stream().anyMatch(done -> done.kekId().equals(retired)));
        assertThat(keks.backend().contains(retired)).isFalse();
        assertThat(epochs.all()).filteredOn(epoch -> epoch.kekId().equals(retired))
                .singleElement().satisfies(epoch -> assertThat(epoch.destroyedAt()).isAfterOrEqualTo(epoch.destroyAfter()));
    }

    @Test
    void twoInstancesRotatingAtOnceTakeTurnsWhileAThirdThatSawNoRotationKeepsCreatingKeys() throws Exception {
        // three "instances": each its own vault and its own view of the keyring file, over the same database
        KekLifecycle first = lifecycle(instanceVault(), Duration.ZERO);
        KekLifecycle second = lifecycle(instanceVault(), Duration.ZERO);
        KeyVault stale = instanceVault();
        Map<String, String> created = new ConcurrentHashMap<>();
        List<KekLifecycle.Rotation> rotations = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean rotating = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> writer = pool.submit(() -> {
                start.await();
                while (rotating.get() || created.size() < 50) {
                    String subject = "kek-concurrent-" + UUID.randomUUID();
                    created.put(subject, stale.dataKeyFor(subject).keyId());
                }
                return null;
            });
            List<Future<?>> rotators = new ArrayList<>();
            for (KekLifecycle lifecycle : List.of(first, second)) {
                rotators.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 3; i++) {
                        rotations.add(lifecycle.rotate());
                        lifecycle.destroyDue();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> rotator : rotators) {
                rotator.get();
            }
            rotating.set(false);
            writer.get();
        } finally {
            pool.shutdownNow();
        }
        first.destroyDue();
        // never told of any rotation: the vault's trigger refused its key under a retired KEK and it followed
        String latecomer = "kek-concurrent-" + UUID.randomUUID();
        created.put(latecomer, stale.dataKeyFor(latecomer).keyId());
        assertThat(stale.currentKekId()).isEqualTo(epochs.current().orElseThrow());

        assertThat(rotations).hasSize(6);
        List<KekLifecycle.Rotation> inOrder = rotations.stream()
                .sorted(java.util.Comparator.comparing(KekLifecycle.Rotation::startedAt)).toList();
        for (int i = 1; i < inOrder.size(); i++) {
            assertThat(inOrder.get(i).startedAt()).as("rotations never overlap")
                    .isAfterOrEqualTo(inOrder.get(i - 1).finishedAt());
        }
        String current = epochs.current().orElseThrow();
        assertThat(epochs.all()).filteredOn(epoch -> epoch.retiredAt() == null).extracting(KekEpochs.Epoch::kekId)
                .containsExactly(current);
        assertThat(rotations).extracting(KekLifecycle.Rotation::current).allSatisfy(kek ->
                assertThat(epochs.all()).filteredOn(epoch -> epoch.kekId().equals(kek) && !kek.equals(current))
                        .allSatisfy(epoch -> assertThat(epoch.destroyedAt()).isNotNull()));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM key_vault.data_key WHERE kek_id <> ?", Long.class,
                current)).isZero();
        // every key the stale instance created survived every rotation and destruction
        KeyVault fresh = instanceVault();
        assertThat(created).hasSizeGreaterThanOrEqualTo(50);
        created.forEach((subject, keyId) -> assertThat(fresh.existingDataKey(subject)).map(DataKey::keyId)
                .as(subject).contains(keyId));
    }

    private KeyVault instanceVault() {
        KekBackend keyring = new LocalKeyring(KEYRING, Clock.systemUTC(), Duration.ofMillis(200));
        return new JdbcKeyVault(dataSource, KeyEncryptionKeys.on(keyring, epochs.current().orElseThrow()),
                Duration.ofMinutes(5));
    }

    private KekLifecycle lifecycle(KeyVault vault, Duration retainRetired) {
        CryptoProperties.Kek kek = crypto.kek();
        CryptoProperties properties = new CryptoProperties(new CryptoProperties.Kek(kek.currentId(), kek.keys(),
                kek.backend(), kek.keyring(), kek.keyringRecheck(), false, kek.rotateEvery(), retainRetired,
                kek.checkInterval(), Duration.ofSeconds(120), kek.pkcs11()), crypto.dataKeyCacheTtl());
        return new KekLifecycle(vault, keks, epochs, properties, new SimpleMeterRegistry(), Clock.systemUTC());
    }

    private byte[] storedRegistration(String customerId) {
        return jdbc.query("SELECT payload FROM event_store.domain_event_entry WHERE aggregateIdentifier = ? "
                + "ORDER BY sequenceNumber", (rs, row) -> rs.getBytes(1), customerId).get(0);
    }

    private static String operator() {
        return LocalJwt.mint("c-operator", Duration.ofHours(1), List.of("OPERATOR"));
    }

    private HttpResponse<String> send(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
