package dev.lethe.auditverifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worked example of docs/audit-trail.md; its hash was computed with the Python snippet printed there. */
class AuditVerifierTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXAMPLE_HASH = "4fda3e79691b76f52d30f3e68588e97f6e521c79c12873ed3457c059dc2bf0cb";

    @TempDir
    Path directory;

    @Test
    void theDocumentedExampleEntryVerifiesWithItsSignedCheckpoint() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();

        Result result = AuditVerifier.verify(export(key), List.of(), List.of(publicKey(key)));

        assertThat(result.valid()).as(result.describe()).isTrue();
        assertThat(result.entries()).isEqualTo(1);
        assertThat(result.checkpointsVerified()).isEqualTo(1);
    }

    @Test
    void aChangedFieldIsReportedAtItsSequenceWithExitCodeOne() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        ObjectNode export = export(key);
        ((ObjectNode) export.get("entries").get(0)).put("personalFields", "name,email");
        Path file = directory.resolve("tampered.json");
        Files.write(file, JSON.writeValueAsBytes(export));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = AuditVerifier.run(new String[] {"--trail", file.toString(), "--public-key", publicKey(key)},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertThat(code).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("INVALID firstInvalidSequence=1 ");
    }

    @Test
    void aCheckpointBeyondTheEndOfTheTrailMeansEntriesWereRemoved() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        ObjectNode earlier = export(key);
        ObjectNode now = export(key);
        ((ArrayNode) now.get("entries")).removeAll();
        ((ArrayNode) now.get("checkpoints")).removeAll();

        Result result = AuditVerifier.verify(now, List.of(earlier), List.of(publicKey(key)));

        assertThat(result.valid()).isFalse();
        assertThat(result.firstInvalidSequence()).isEqualTo(1);
        assertThat(result.reason()).contains("entries were removed");
    }

    @Test
    void withoutATrustedPublicKeyNothingIsVerified() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = AuditVerifier.run(new String[] {"--trail", "export.json"}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no trusted key", "Usage:");
    }

    @Test
    void argumentsItCannotUseEndWithExitCodeTwoAndTheUsage() {
        for (String[] args : List.of(new String[] {"--public-key", "MCow"},
                new String[] {"--trail", "a.json", "--receipt", "b.json", "--public-key", "MCow"},
                new String[] {"--trial", "a.json", "--public-key", "MCow"},
                new String[] {"--trail"})) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            int code = AuditVerifier.run(args, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));

            assertThat(code).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).as(String.join(" ", args)).contains("Usage:");
        }
    }

    @Test
    void helpPrintsTheGeneratedUsage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = AuditVerifier.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("--trail", "--receipt", "--public-key", "--jwks", "--checkpoints", "Exit code 0 valid");
    }

    @Test
    void takesAnOptionsValueAfterAnEqualsSignToo() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path file = directory.resolve("export.json");
        Files.write(file, JSON.writeValueAsBytes(export(key)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = AuditVerifier.run(new String[] {"--trail=" + file, "--public-key=" + publicKey(key)},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("VALID entries=1 checkpointsVerified=1");
    }

    private static ObjectNode export(KeyPair key) throws Exception {
        ObjectNode entry = JSON.createObjectNode()
                .put("sequence", "1")
                .put("eventId", "7d1f3c2a-5b9e-4c61-8a0f-2e4b6d8c9a10")
                .put("globalPosition", "42")
                .put("customerId", "c0ffee00-0000-4000-8000-000000000001")
                .put("eventType", "dev.lethe.contract.customer.CustomerRegistered")
                .put("eventRevision", "1")
                .put("occurredAt", "2026-11-28T10:00:00.000000Z")
                .put("source", "webshop")
                .put("actor", "agent-17")
                .put("commandId", "3f6c0d1e-8a2b-4c3d-9e4f-5a6b7c8d9e0f")
                .put("correlationId", "3f6c0d1e-8a2b-4c3d-9e4f-5a6b7c8d9e0f")
                .put("personalFields", "sourceCustomerId,name,email,phone,postalAddress")
                .put("eventDigest", "156425b32aae8d3b44b95ecbf935b973b22164c82f3fc1a0be4040fae4634d9a")
                .put("previousHash", "0".repeat(64))
                .put("entryHash", EXAMPLE_HASH);
        String keyId = Encoding.sha256Hex(key.getPublic().getEncoded()).substring(0, 16);
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key.getPrivate());
        signer.update(Encoding.fields("lethe-audit-checkpoint/1", "1", EXAMPLE_HASH, "2026-11-28T10:01:00.000000Z", keyId));
        ObjectNode checkpoint = JSON.createObjectNode().put("sequence", "1").put("entryHash", EXAMPLE_HASH)
                .put("signedAt", "2026-11-28T10:01:00.000000Z").put("keyId", keyId)
                .put("signature", Base64.getEncoder().encodeToString(signer.sign()));
        ObjectNode export = JSON.createObjectNode().put("format", "lethe-audit-export/1");
        export.putArray("entries").add(entry);
        export.putArray("checkpoints").add(checkpoint);
        return export;
    }

    private static String publicKey(KeyPair key) {
        return Base64.getEncoder().encodeToString(key.getPublic().getEncoded());
    }
}
