package dev.lethe.query.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.auditverifier.AuditVerifier;
import dev.lethe.contract.Personal;
import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.contract.customer.ErasureReason;
import dev.lethe.query.support.AuditIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The erasure receipt as a data subject or an auditor gets it: each step with its time, nothing claimed before the
 * database records it, verifiable offline against the keys published without a token.
 */
class ErasureReceiptIT extends AuditIntegrationTest {

    private static final Instant REGISTERED = Instant.parse("2026-03-01T09:00:00Z");
    private static final Instant ERASED = Instant.parse("2026-07-01T09:00:00Z");

    @TempDir
    Path directory;

    @Test
    void aFreshReceiptClaimsOnlyWhatHappenedAndVerifiesOfflineAgainstThePublishedKeysNotItsOwn() throws Exception {
        String id = registered();
        assertThat(json(get(erasure(id)).body()).get("code").asText()).isEqualTo("NOT_ERASED");
        erase(id, ERASED);

        JsonNode signed = await().atMost(Duration.ofSeconds(30)).until(() -> getJson(erasure(id)),
                r -> "done".equals(step(r, "read-model-rows-deleted").get("status").asText()));
        JsonNode receipt = signed.get("receipt");

        assertThat(receipt.get("format").asText()).isEqualTo("lethe-erasure-receipt/2");
        assertThat(receipt.get("erasedAt").asText()).isEqualTo("2026-07-01T09:00:00.000000Z");
        assertThat(receipt.get("reason").asText()).isEqualTo("DATA_SUBJECT_REQUEST");
        Instant keyRowDeleted = SUPERUSER.queryForObject("SELECT destroyed_at FROM key_vault.destroyed_key "
                + "WHERE subject_id = ?", Timestamp.class, id).toInstant();
        assertThat(step(signed, "event-store-key-deleted").get("status").asText()).isEqualTo("done");
        assertThat(Instant.parse(step(signed, "event-store-key-deleted").get("completedAt").asText()))
                .isEqualTo(keyRowDeleted.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        // the key-encryption key that wrapped the key still exists and nothing purged the command topic yet
        assertThat(step(signed, "kek-destroyed").get("status").asText()).isEqualTo("pending");
        assertThat(step(signed, "kek-destroyed").get("completedAt").isNull()).isTrue();
        assertThat(step(signed, "command-topic-purged").get("status").asText()).isEqualTo("pending");
        assertThat(receipt.get("physicallyComplete").asBoolean()).isFalse();
        assertThat(signed.has("publicKey")).as("no key to verify the receipt with inside the receipt").isFalse();
        assertThat(json(signed.get("signedReceipt").asText())).isEqualTo(receipt);

        HttpResponse<String> keys = send(HttpRequest.newBuilder(uri("/api/public/receipt-keys")).GET().build());
        assertThat(keys.statusCode()).as("no token needed").isEqualTo(200);
        JsonNode jwk = json(keys.body()).get("keys").findValues("kid").stream()
                .filter(kid -> kid.asText().equals(signed.get("keyId").asText())).findFirst()
                .map(kid -> json(keys.body()).get("keys").findParents("kid").stream()
                        .filter(k -> k.get("kid").equals(kid)).findFirst().orElseThrow()).orElseThrow();
        assertThat(jwk.get("kty").asText()).isEqualTo("OKP");
        assertThat(jwk.get("crv").asText()).isEqualTo("Ed25519");
        assertThat(jwk.get("use").asText()).isEqualTo("sig");
        assertThat(jwk.get("validUntil").isNull()).as("the key signing now").isTrue();
        assertThat(getJson("/api/compliance/audit/export").get("signingKeys")).isEqualTo(json(keys.body()));

        Path jwks = write("receipt-keys.json", keys.body());
        Verification valid = verify("--receipt", write("receipt.json", signed.toString()).toString(),
                "--jwks", jwks.toString());
        assertThat(valid.exitCode()).as(valid.output()).isZero();
        assertThat(valid.output()).startsWith("VALID receipt customerId=" + id + " ")
                .contains("physicallyComplete=false", "kek-destroyed pending");

        ObjectNode tampered = signed.deepCopy();
        tampered.put("signedReceipt", signed.get("signedReceipt").asText()
                .replace("\"status\":\"pending\"", "\"status\":\"done\""));
        tampered.remove("receipt");
        Verification invalid = verify("--receipt", write("tampered.json", tampered.toString()).toString(),
                "--jwks", jwks.toString());
        assertThat(invalid.exitCode()).isEqualTo(1);
        assertThat(invalid.output()).startsWith("INVALID receipt: the signature does not verify with pinned key");
    }

    @Test
    void onceEveryStepIsRecordedTheReceiptIsPhysicallyCompleteWithTheTimeOfEachStep() throws Exception {
        // an erasure long ago, so that the epoch and purge written here concern no other test's erasure
        Instant erasedAt = Instant.parse("2001-01-01T00:00:00Z");
        String kek = "receipt-it-" + UUID.randomUUID().toString().substring(0, 8);
        String id = registered();
        erase(id, erasedAt);
        SUPERUSER.update("UPDATE key_vault.destroyed_key SET destroyed_at = ?, kek_id = ? WHERE subject_id = ?",
                ts("2001-01-01T00:00:01Z"), kek, id);
        try {
            SUPERUSER.update("INSERT INTO key_vault.kek_epoch (kek_id, backend, created_at, retired_at, destroy_after) "
                    + "VALUES (?, 'local', ?, ?, ?)", kek, ts("2000-12-01T00:00:00Z"), ts("2001-01-02T00:00:00Z"),
                    ts("2001-02-01T00:00:00Z"));
            JsonNode pending = await().atMost(Duration.ofSeconds(30)).until(() -> getJson(erasure(id)),
                    r -> "done".equals(step(r, "read-model-rows-deleted").get("status").asText()));
            assertThat(step(pending, "kek-destroyed").get("scheduledAt").asText())
                    .isEqualTo("2001-02-01T00:00:00.000000Z");
            assertThat(pending.get("receipt").get("physicallyComplete").asBoolean()).isFalse();

            SUPERUSER.update("UPDATE key_vault.kek_epoch SET destroyed_at = ? WHERE kek_id = ?",
                    ts("2001-02-01T00:00:05Z"), kek);
            SUPERUSER.update("INSERT INTO event_store.command_topic_purge (topic, partition, through_offset, "
                    + "started_at, finished_at) VALUES ('lethe.commands', 0, 42, ?, ?)",
                    ts("2001-01-01T00:01:00Z"), ts("2001-01-01T00:01:02Z"));
            JsonNode complete = getJson(erasure(id));

            assertThat(complete.get("receipt").get("physicallyComplete").asBoolean()).isTrue();
            assertThat(step(complete, "event-store-key-deleted").get("completedAt").asText())
                    .isEqualTo("2001-01-01T00:00:01.000000Z");
            assertThat(step(complete, "kek-destroyed").get("completedAt").asText())
                    .isEqualTo("2001-02-01T00:00:05.000000Z");
            assertThat(step(complete, "kek-destroyed").get("kekId").asText()).isEqualTo(kek);
            assertThat(step(complete, "command-topic-purged").get("completedAt").asText())
                    .isEqualTo("2001-01-01T00:01:02.000000Z");
            assertThat(step(complete, "command-topic-purged").get("partitions").get(0).get("throughOffset").asText())
                    .isEqualTo("42");
        } finally {
            // the epoch and the purge are global: leave none behind for the receipts of other tests
            SUPERUSER.update("DELETE FROM key_vault.kek_epoch WHERE kek_id = ?", kek);
            SUPERUSER.update("DELETE FROM event_store.command_topic_purge WHERE started_at < '2002-01-01'");
        }
    }

    private String registered() {
        String id = UUID.randomUUID().toString();
        awaitAudited(publish(id, new CustomerRegistered(id, "webshop", Personal.of("c-" + id.substring(0, 6)), "order-fulfilment",
                Personal.of("Erika Mustermann"), Personal.of("erika@example.org"), null, null, null), REGISTERED));
        return id;
    }

    private void erase(String id, Instant at) throws Exception {
        destroyKey(id);
        awaitAudited(publish(id, new CustomerErased(id, ErasureReason.DATA_SUBJECT_REQUEST, at), at));
    }

    private static String erasure(String id) {
        return "/api/compliance/customers/" + id + "/erasure";
    }

    private static JsonNode step(JsonNode signed, String name) {
        for (JsonNode step : signed.get("receipt").get("steps")) {
            if (name.equals(step.get("step").asText())) {
                return step;
            }
        }
        throw new AssertionError("no step " + name + " in " + signed);
    }

    private static Timestamp ts(String instant) {
        return Timestamp.from(Instant.parse(instant));
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(directory.resolve(name), content);
    }

    private record Verification(int exitCode, String output) {
    }

    private static Verification verify(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = AuditVerifier.run(args, print, print);
        return new Verification(code, out.toString(StandardCharsets.UTF_8));
    }
}
