package dev.lethe.local.forgetting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

/**
 * The key-encryption keys that still exist on a local platform, read where they live rather than asked of a service.
 * The one place to adjust when the keyring's location or format changes.
 *
 * <ul>
 *   <li>the local keyring: {@value #KEYRING} under the platform's data directory,
 *       {@code {"format":…,"keys":[{"id":"…","key":"<base64>"}, …]}}, rewritten without a KEK once it is destroyed;</li>
 *   <li>the local profile's configuration: {@code lethe.crypto.kek.keys} in {@code application-local.yml} inside a
 *       service's runnable jar (where the demo KEK lives before KEK epochs exist).</li>
 * </ul>
 */
public final class ExistingKeks {

    public static final String KEYRING = "keyring/keks.json";
    private static final String LOCAL_PROFILE = "BOOT-INF/classes/application-local.yml";
    private static final Pattern KEY_LINE = Pattern.compile("([A-Za-z0-9._-]{1,64}):\\s*['\"]?([A-Za-z0-9+/=]{40,})['\"]?");

    private ExistingKeks() {
    }

    /** Every KEK in the keyring under the data directory and in the local profile of each service jar, by id. */
    public static Map<String, byte[]> of(Path platformDataDirectory, Path... serviceJars) {
        Map<String, byte[]> keks = new LinkedHashMap<>(fromKeyring(platformDataDirectory.resolve(KEYRING)));
        for (Path jar : serviceJars) {
            fromLocalProfile(jar).forEach(keks::putIfAbsent);
        }
        return keks;
    }

    /** The keyring file's KEKs; none if the file does not exist. */
    public static Map<String, byte[]> fromKeyring(Path keyring) {
        Map<String, byte[]> keks = new LinkedHashMap<>();
        if (!Files.exists(keyring)) {
            return keks;
        }
        try {
            JsonNode root = new ObjectMapper().readTree(keyring.toFile());
            for (JsonNode kek : root.path("keys")) {
                keks.put(kek.path("id").asText(), Base64.getDecoder().decode(kek.path("key").asText()));
            }
            return keks;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the keyring " + keyring, e);
        }
    }

    /** {@code lethe.crypto.kek.keys} of the jar's {@code application-local.yml}; none if it has no such block. */
    public static Map<String, byte[]> fromLocalProfile(Path serviceJar) {
        try (ZipFile jar = new ZipFile(serviceJar.toFile())) {
            var entry = jar.getEntry(LOCAL_PROFILE);
            if (entry == null) {
                return Map.of();
            }
            return fromYaml(new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + serviceJar, e);
        }
    }

    /** The {@code id: base64} lines of every {@code keys:} block inside a {@code kek:} block (just enough YAML). */
    static Map<String, byte[]> fromYaml(String yaml) {
        Map<String, byte[]> keks = new LinkedHashMap<>();
        int kekIndent = -1;
        int keysIndent = -1;
        for (String line : yaml.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int indent = line.indexOf(trimmed);
            if (keysIndent >= 0 && indent > keysIndent) {
                Matcher key = KEY_LINE.matcher(trimmed);
                if (key.matches()) {
                    keks.put(key.group(1), Base64.getDecoder().decode(key.group(2)));
                }
                continue;
            }
            keysIndent = -1;
            if (kekIndent >= 0 && indent <= kekIndent) {
                kekIndent = -1;
            }
            if (trimmed.equals("kek:")) {
                kekIndent = indent;
            } else if (kekIndent >= 0 && trimmed.equals("keys:")) {
                keysIndent = indent;
            }
        }
        return keks;
    }
}
