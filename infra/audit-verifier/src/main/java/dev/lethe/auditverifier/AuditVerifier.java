package dev.lethe.auditverifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Verifies an exported Lethe audit trail, or an erasure receipt, offline.
 *
 * <pre>
 * java -jar lethe-audit-verifier.jar --trail export.json --public-key &lt;base64 X.509&gt;
 *      [--public-key &lt;retired key&gt; ...] [--jwks receipt-keys.json ...] [--checkpoints earlier-export.json ...]
 * java -jar lethe-audit-verifier.jar --receipt receipt.json (--jwks receipt-keys.json | --public-key &lt;key&gt;)...
 * </pre>
 * The keys are pinned: given on the command line or in a JWK Set file the auditor saved, never taken from the
 * document being verified, which an attacker could replace.
 * Exit code 0 when valid, 1 when invalid, 2 when the arguments or files are unusable ({@code --help}: the options).
 */
public final class AuditVerifier {

    static final String ENTRY_VERSION = "lethe-audit-entry/1";
    static final String CHECKPOINT_VERSION = "lethe-audit-checkpoint/1";
    private static final String GENESIS = "0".repeat(64);
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditVerifier() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        VerifierOptions options;
        try {
            options = VerifierOptions.parse(args);
        } catch (CommandLine.ParameterException e) {
            err.println(e.getMessage());
            err.print(VerifierOptions.usage());
            return 2;
        }
        if (options.help) {
            out.print(VerifierOptions.usage());
            return 0;
        }
        Path trail = options.trail();
        Path receipt = options.receipt();
        List<String> keys = options.keys;
        List<Path> jwksFiles = options.jwksFiles;
        List<Path> checkpointFiles = options.checkpointFiles;
        try {
            PinnedKeys pinned = new PinnedKeys();
            for (String key : keys) {
                pinned.addBase64X509(key);
            }
            for (Path file : jwksFiles) {
                pinned.addJwks(JSON.readTree(Files.readAllBytes(file)));
            }
            if (receipt != null) {
                ReceiptVerifier.Outcome outcome = ReceiptVerifier.verify(JSON.readTree(Files.readAllBytes(receipt)), pinned);
                out.println(outcome.message());
                return outcome.valid() ? 0 : 1;
            }
            JsonNode export = JSON.readTree(Files.readAllBytes(trail));
            List<JsonNode> extra = new ArrayList<>();
            for (Path file : checkpointFiles) {
                extra.add(JSON.readTree(Files.readAllBytes(file)));
            }
            Result result = verify(export, extra, pinned.publicKeys());
            out.println(result.describe());
            return result.valid() ? 0 : 1;
        } catch (IOException | IllegalArgumentException e) {
            err.println("cannot verify: " + e.getMessage());
            return 2;
        }
    }

    /** The trail's own checkpoints and those of {@code earlierExports} are all held against the trail. */
    static Result verify(JsonNode export, List<JsonNode> earlierExports, List<String> publicKeys) {
        Map<String, PublicKey> trusted = new HashMap<>();
        for (String key : publicKeys) {
            PublicKey publicKey = PinnedKeys.publicKey(key);
            trusted.put(PinnedKeys.keyId(publicKey), publicKey);
        }
        return verify(export, earlierExports, trusted);
    }

    static Result verify(JsonNode export, List<JsonNode> earlierExports, Map<String, PublicKey> trusted) {
        List<String> hashes = new ArrayList<>();
        String previous = GENESIS;
        long expected = 1;
        for (JsonNode entry : export.path("entries")) {
            long sequence = Long.parseLong(text(entry, "sequence"));
            if (sequence != expected) {
                return Result.invalid(expected - 1, 0, expected, "sequence " + expected + " is missing");
            }
            if (!previous.equals(text(entry, "previousHash"))) {
                return Result.invalid(expected - 1, 0, expected, "previous hash does not link to sequence " + (expected - 1));
            }
            String hash = Encoding.sha256Hex(Encoding.fields(ENTRY_VERSION, text(entry, "sequence"),
                    text(entry, "eventId"), text(entry, "globalPosition"), text(entry, "customerId"),
                    text(entry, "eventType"), text(entry, "eventRevision"), text(entry, "occurredAt"),
                    text(entry, "source"), text(entry, "actor"), text(entry, "commandId"), text(entry, "correlationId"),
                    text(entry, "personalFields"), text(entry, "eventDigest"), text(entry, "previousHash")));
            if (!hash.equals(text(entry, "entryHash"))) {
                return Result.invalid(expected - 1, 0, expected, "entry hash does not match its content");
            }
            hashes.add(hash);
            previous = hash;
            expected++;
        }
        long entries = hashes.size();
        List<JsonNode> checkpoints = new ArrayList<>();
        export.path("checkpoints").forEach(checkpoints::add);
        for (JsonNode earlier : earlierExports) {
            earlier.path("checkpoints").forEach(checkpoints::add);
        }
        int verified = 0;
        for (JsonNode checkpoint : checkpoints) {
            long sequence = Long.parseLong(text(checkpoint, "sequence"));
            PublicKey key = trusted.get(text(checkpoint, "keyId"));
            if (key == null || !signatureHolds(key, checkpoint)) {
                return Result.invalid(entries, verified, sequence, "checkpoint signature does not verify with a "
                        + "trusted key (key " + text(checkpoint, "keyId") + ")");
            }
            if (sequence < 1) {
                return Result.invalid(entries, verified, 1, "checkpoint names sequence " + sequence);
            }
            if (sequence > entries) {
                return Result.invalid(entries, verified, entries + 1, "trail ends at sequence " + entries
                        + " but a checkpoint signed sequence " + sequence + ": entries were removed");
            }
            if (!hashes.get((int) sequence - 1).equals(text(checkpoint, "entryHash"))) {
                return Result.invalid(entries, verified, sequence,
                        "entry hash differs from the signed checkpoint: the chain was rewritten");
            }
            verified++;
        }
        return new Result(true, entries, verified, null, null);
    }

    private static boolean signatureHolds(PublicKey key, JsonNode checkpoint) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            signature.update(Encoding.fields(CHECKPOINT_VERSION, text(checkpoint, "sequence"),
                    text(checkpoint, "entryHash"), text(checkpoint, "signedAt"), text(checkpoint, "keyId")));
            return signature.verify(Base64.getDecoder().decode(text(checkpoint, "signature")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** A JSON string, or null for JSON null or a missing field (the encoding's absent value). */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
