package dev.lethe.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.auditverifier.AuditVerifier;
import dev.lethe.contract.consent.ConsentGranted;
import dev.lethe.localstack.TestInfrastructure;
import dev.lethe.query.support.AuditIntegrationTest;
import dev.lethe.shredding.LetheObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/** The command-line verifier against exports this service produced, and a rebuild of the trail from the topic. */
class OfflineVerifierIT extends AuditIntegrationTest {

    @Autowired
    CheckpointKeys keys;
    @TempDir
    Path directory;

    @Test
    void anUntouchedExportVerifiesOfflineAndAChangedByteInItIsReportedAtItsSequence() throws Exception {
        String id = someEvents(3);
        assertThat(post("/api/compliance/audit/checkpoints").statusCode()).isEqualTo(201);
        JsonNode export = getJson("/api/compliance/audit/export");
        Path file = write("export.json", export);

        Run valid = verify("--trail", file.toString(), "--public-key", keys.publicKeyBase64());
        assertThat(valid.exitCode()).as(valid.output()).isZero();
        assertThat(valid.output()).startsWith("VALID entries=" + export.get("entries").size());

        int index = export.get("entries").size() - 2;
        String sequence = export.get("entries").get(index).get("sequence").asText();
        ObjectNode tampered = export.deepCopy();
        ((ObjectNode) tampered.get("entries").get(index)).put("actor", "agent-18");
        Run invalid = verify("--trail", write("tampered.json", tampered).toString(), "--public-key",
                keys.publicKeyBase64());
        assertThat(invalid.exitCode()).isEqualTo(1);
        assertThat(invalid.output()).contains("INVALID firstInvalidSequence=" + sequence + " ");
        assertThat(id).isNotBlank();
    }

    @Test
    void aKeyOtherThanTheCheckpointKeyDoesNotVerifyTheCheckpoints() throws Exception {
        someEvents(1);
        assertThat(post("/api/compliance/audit/checkpoints").statusCode()).isEqualTo(201);
        Path file = write("export.json", getJson("/api/compliance/audit/export"));
        String otherKey = java.util.Base64.getEncoder().encodeToString(java.security.KeyPairGenerator
                .getInstance("Ed25519").generateKeyPair().getPublic().getEncoded());

        Run run = verify("--trail", file.toString(), "--public-key", otherKey);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("checkpoint signature does not verify");
    }

    @Test
    void aCutOffTailWithItsCheckpointsRemovedIsCaughtByTheCheckpointOfAnEarlierExport() throws Exception {
        someEvents(2);
        assertThat(post("/api/compliance/audit/checkpoints").statusCode()).isEqualTo(201);
        Path earlier = write("earlier.json", getJson("/api/compliance/audit/export"));
        long head = SUPERUSER.queryForObject("SELECT max(sequence) FROM audit.entry", Long.class);
        List<Map<String, Object>> entries = SUPERUSER.queryForList("SELECT * FROM audit.entry WHERE sequence >= ?", head - 1);
        List<Map<String, Object>> copies = SUPERUSER.queryForList("SELECT c.* FROM audit.event_copy c "
                + "JOIN audit.entry e USING (event_id) WHERE e.sequence >= ?", head - 1);
        List<Map<String, Object>> checkpoints = SUPERUSER.queryForList(
                "SELECT * FROM audit.checkpoint WHERE sequence >= ?", head - 1);

        // an attacker with the superuser's password covers their tracks inside the database
        AuditTrailIT.asSuperuserBypassingTriggers(sql -> {
            sql.update("DELETE FROM audit.checkpoint WHERE sequence >= ?", head - 1);
            sql.update("DELETE FROM audit.event_copy WHERE event_id IN (SELECT event_id FROM audit.entry WHERE sequence >= ?)", head - 1);
            sql.update("DELETE FROM audit.entry WHERE sequence >= ?", head - 1);
        });
        try {
            assertThat(getJson("/api/compliance/audit/verify").get("valid").asBoolean())
                    .as("inside the database the shortened chain is consistent").isTrue();
            Path now = write("now.json", getJson("/api/compliance/audit/export"));

            Run run = verify("--trail", now.toString(), "--checkpoints", earlier.toString(), "--public-key",
                    keys.publicKeyBase64());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.output()).contains("INVALID firstInvalidSequence=" + (head - 1) + " ")
                    .contains("entries were removed");
        } finally {
            AuditTrailIT.asSuperuserBypassingTriggers(sql -> {
                entries.forEach(row -> AuditTrailIT.insert(sql, "audit.entry", row));
                copies.forEach(row -> AuditTrailIT.insert(sql, "audit.event_copy", row));
                checkpoints.forEach(row -> AuditTrailIT.insert(sql, "audit.checkpoint", row));
            });
        }
        assertThat(getJson("/api/compliance/audit/verify").get("valid").asBoolean()).isTrue();
    }

    @Test
    void rebuildingTheTrailFromTheEventStreamReproducesEveryHash() {
        someEvents(2);
        JsonNode entries = getJson("/api/compliance/audit/export").get("entries");
        List<String> stored = new ArrayList<>();
        entries.forEach(entry -> stored.add(entry.get("entryHash").asText()));

        List<String> rebuilt = rebuildFromTopic(stored.size());

        assertThat(rebuilt).isEqualTo(stored);
    }

    /** What a fresh audit consumer does, without a database: read the topic from the start, skip redeliveries. */
    private List<String> rebuildFromTopic(int count) {
        AuditedEvents events = new AuditedEvents(LetheObjectMapper.create());
        Set<String> seen = new HashSet<>();
        List<String> hashes = new ArrayList<>();
        byte[] previous = AuditEntry.GENESIS_HASH;
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.shared().bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG,
                "rebuild-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(EVENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (hashes.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    AuditedEvent event = events.read(record);
                    if (hashes.size() < count && seen.add(event.eventId())) {
                        AuditEntry entry = AuditEntry.next(hashes.size() + 1, previous, event);
                        hashes.add(CanonicalEncoding.hex(entry.entryHash()));
                        previous = entry.entryHash();
                    }
                }
            }
        }
        return hashes;
    }

    private String someEvents(int count) {
        String id = UUID.randomUUID().toString();
        String last = null;
        for (int i = 0; i < count; i++) {
            // a real history: the person is registered before anything else happens to them
            last = publish(id, i == 0 ? AuditTrailIT.erika(id)
                    : new ConsentGranted(id, "purpose-" + i, "web", "v1", Instant.now()));
        }
        awaitAudited(last);
        return id;
    }

    private Path write(String name, JsonNode json) throws Exception {
        Path file = directory.resolve(name);
        Files.write(file, JSON.writeValueAsBytes(json));
        return file;
    }

    private static Run verify(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AuditVerifier.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exitCode, String output) {
    }
}
