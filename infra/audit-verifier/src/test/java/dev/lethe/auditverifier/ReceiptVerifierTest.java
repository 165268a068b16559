package dev.lethe.auditverifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Receipts are verified against pinned keys only, never against a key the receipt carries. */
class ReceiptVerifierTest {

    /** The local profile's well-known pair (query-service application-local.yml). */
    private static final String DEMO_PRIVATE = "MC4CAQAwBQYDK2VwBCIEIH4NaGSl8DRfhySiWP1nya3VZ7TtjB0iQyEnJQPawx7x";
    private static final String DEMO_PUBLIC = "MCowBQYDK2VwAyEAts9R8EDb9aNpJNU9sMyHzs1GOO+jhYoLDLaQ1tgCr6Q=";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    @TempDir
    Path directory;

    @Test
    void aReceiptSignedByAPinnedKeyFromTheJwksVerifiesAndListsItsSteps() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path jwks = write("keys.json", jwks(key.getPublic(), "2026-01-01T00:00:00.000000Z", null));
        Path receipt = write("receipt.json", signed(key.getPrivate(), key.getPublic(), "2026-07-01T10:00:00.000000Z"));

        Run run = run("--receipt", receipt.toString(), "--jwks", jwks.toString());

        assertThat(run.code()).as(run.output()).isZero();
        assertThat(run.output()).startsWith("VALID receipt customerId=c-1 ").contains("physicallyComplete=false")
                .contains("event-store-key-deleted done at 2026-07-01T09:00:01.000000Z")
                .contains("kek-destroyed pending scheduled 2026-08-01T00:00:00.000000Z");
    }

    @Test
    void aReceiptSignedWithTheDemoKeyIsRejectedEvenThoughItCarriesAKeyThatVerifiesIt() throws Exception {
        KeyPair pinned = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        PrivateKey demoPrivate = KeyFactory.getInstance("Ed25519").generatePrivate(
                new PKCS8EncodedKeySpec(Base64.getDecoder().decode(DEMO_PRIVATE)));
        PublicKey demoPublic = KeyFactory.getInstance("Ed25519").generatePublic(
                new X509EncodedKeySpec(Base64.getDecoder().decode(DEMO_PUBLIC)));
        ObjectNode forged = signed(demoPrivate, demoPublic, "2026-07-01T10:00:00.000000Z");
        forged.put("publicKey", DEMO_PUBLIC);

        Run run = run("--receipt", write("forged.json", forged).toString(),
                "--jwks", write("keys.json", jwks(pinned.getPublic(), null, null)).toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.output()).startsWith("INVALID receipt: signed by key " + PinnedKeys.keyId(demoPublic)
                + ", which is not a pinned key (it is the repository's public demo key");
    }

    @Test
    void aChangedStepOrADisplayedReceiptThatDiffersFromTheSignedOneIsRejected() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        PinnedKeys pinned = new PinnedKeys();
        pinned.addJwks(jwks(key.getPublic(), null, null));
        ObjectNode receipt = signed(key.getPrivate(), key.getPublic(), "2026-07-01T10:00:00.000000Z");

        ObjectNode claimsMore = receipt.deepCopy();
        claimsMore.put("signedReceipt", receipt.get("signedReceipt").asText()
                .replace("\"physicallyComplete\":false", "\"physicallyComplete\":true"));
        assertThat(ReceiptVerifier.verify(claimsMore, pinned).message())
                .startsWith("INVALID receipt: the signature does not verify with pinned key");

        ObjectNode shownDifferently = receipt.deepCopy();
        ((ObjectNode) shownDifferently.get("receipt")).put("physicallyComplete", true);
        assertThat(ReceiptVerifier.verify(shownDifferently, pinned).message())
                .isEqualTo("INVALID receipt: the readable receipt differs from the signed one; only signedReceipt is signed");

        assertThat(ReceiptVerifier.verify(receipt, pinned).valid()).isTrue();
    }

    @Test
    void aReceiptIssuedOutsideItsKeysValidityIsRejected() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        PinnedKeys pinned = new PinnedKeys();
        pinned.addJwks(jwks(key.getPublic(), "2026-01-01T00:00:00.000000Z", "2026-06-01T00:00:00.000000Z"));

        ReceiptVerifier.Outcome outcome = ReceiptVerifier.verify(
                signed(key.getPrivate(), key.getPublic(), "2026-07-01T10:00:00.000000Z"), pinned);

        assertThat(outcome.valid()).isFalse();
        assertThat(outcome.message()).startsWith("INVALID receipt: issued at 2026-07-01T10:00:00Z, outside the "
                + "validity of key " + PinnedKeys.keyId(key.getPublic()));
    }

    @Test
    void aKeyGivenOnTheCommandLineIsPinnedToo() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path receipt = write("receipt.json", signed(key.getPrivate(), key.getPublic(), "2026-07-01T10:00:00.000000Z"));

        Run run = run("--receipt", receipt.toString(), "--public-key",
                Base64.getEncoder().encodeToString(key.getPublic().getEncoded()));

        assertThat(run.code()).as(run.output()).isZero();
        assertThat(run("--receipt", receipt.toString()).code()).as("no pinned key at all").isEqualTo(2);
    }

    /** A receipt as the query service answers it (format 2), signed over its canonical JSON. */
    private static ObjectNode signed(PrivateKey signer, PublicKey signerPublic, String issuedAt) throws Exception {
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("format", "lethe-erasure-receipt/2");
        receipt.put("customerId", "c-1");
        receipt.put("erasedAt", "2026-07-01T09:00:00.000000Z");
        receipt.put("steps", List.of(
                step("event-store-key-deleted", "done", "2026-07-01T09:00:01.000000Z", null),
                step("kek-destroyed", "pending", null, "2026-08-01T00:00:00.000000Z")));
        receipt.put("physicallyComplete", false);
        receipt.put("issuedAt", issuedAt);
        receipt.put("signingKeyId", PinnedKeys.keyId(signerPublic));
        receipt.put("signatureAlgorithm", "Ed25519");
        String canonical = CANONICAL.writeValueAsString(receipt);
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(signer);
        signature.update(canonical.getBytes(StandardCharsets.UTF_8));
        ObjectNode document = JSON.createObjectNode();
        document.set("receipt", JSON.readTree(canonical));
        document.put("signedReceipt", canonical);
        document.put("algorithm", "Ed25519");
        document.put("keyId", PinnedKeys.keyId(signerPublic));
        document.put("signature", Base64.getEncoder().encodeToString(signature.sign()));
        return document;
    }

    private static Map<String, Object> step(String name, String status, String completedAt, String scheduledAt) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("step", name);
        step.put("status", status);
        step.put("completedAt", completedAt);
        step.put("scheduledAt", scheduledAt);
        return step;
    }

    private static ObjectNode jwks(PublicKey key, String validFrom, String validUntil) {
        byte[] x509 = key.getEncoded();
        ObjectNode jwk = JSON.createObjectNode().put("kty", "OKP").put("crv", "Ed25519")
                .put("kid", PinnedKeys.keyId(key)).put("alg", "EdDSA").put("use", "sig")
                .put("x", Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOfRange(x509, 12, 44)))
                .put("validFrom", validFrom).put("validUntil", validUntil);
        ObjectNode set = JSON.createObjectNode();
        set.putArray("keys").add(jwk);
        return set;
    }

    private Path write(String name, Object json) throws Exception {
        Path file = directory.resolve(name);
        Files.write(file, JSON.writeValueAsBytes(json));
        return file;
    }

    private record Run(int code, String output) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = AuditVerifier.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8));
    }
}
