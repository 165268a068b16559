package dev.lethe.command.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An auditor's scraper, written from docs/crypto-shredding.md alone (no Lethe code): every KEK in the keyring file,
 * tried on a wrapped data key with the documented associated data.
 */
final class KeyringScraper {

    private KeyringScraper() {
    }

    static Optional<byte[]> unwrapWithAnyKek(Path keyring, WrappedKey copy) throws Exception {
        JsonNode root = new ObjectMapper().readTree(keyring.toFile());
        for (JsonNode entry : root.path("keys")) {
            byte[] kek = Base64.getDecoder().decode(entry.path("key").asText());
            for (String kekId : new String[] {copy.kekId(), entry.path("id").asText()}) {
                Optional<byte[]> key = open(kek, copy.wrapped(), aad("lethe:dek:v1", copy.subjectId(), copy.keyId(), kekId));
                if (key.isPresent()) {
                    return key;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<byte[]> open(byte[] kek, byte[] sealed, byte[] aad) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(kek, "AES"),
                    new GCMParameterSpec(128, Arrays.copyOf(sealed, 12)));
            cipher.updateAAD(aad);
            return Optional.of(cipher.doFinal(sealed, 12, sealed.length - 12));
        } catch (Exception wrongKey) {
            return Optional.empty();
        }
    }

    /** Length-prefixed UTF-8 parts: 4-byte big-endian length, then the bytes. */
    private static byte[] aad(String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            out.write(bytes.length >>> 24);
            out.write(bytes.length >>> 16);
            out.write(bytes.length >>> 8);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}
