package dev.lethe.local.forgetting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExistingKeksTest {

    private static final String PROFILE = """
            lethe:
              security:
                keys:
                  not-a-kek: bG9jYWwtZGVtby1rZXktZW5jcnlwdGlvbi1rZXktMDE=
              crypto:
                kek:
                  current-id: local-kek-1
                  keys:
                    # the demo KEK
                    local-kek-1: bG9jYWwtZGVtby1rZXktZW5jcnlwdGlvbi1rZXktMDE=
                    local-kek-2: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='
                data-key-cache-ttl: PT5M
              identity:
                blind-index-key: bG9jYWwtZGVtby1ibGluZC1pbmRleC1rZXktMDAwMDE=
            """;

    @TempDir
    Path directory;

    @Test
    void readsTheKeyringFileAndTheLocalProfileOfAServiceJar() throws IOException {
        Files.createDirectories(directory.resolve("keyring"));
        Files.writeString(directory.resolve(ExistingKeks.KEYRING),
                "{\"keys\":[{\"id\":\"kek-20261207T1800Z\",\"key\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"}]}");
        Path jar = directory.resolve("command-service-exec.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("BOOT-INF/classes/application-local.yml"));
            zip.write(PROFILE.getBytes(StandardCharsets.UTF_8));
        }

        var keks = ExistingKeks.of(directory, jar);

        assertThat(keks).containsOnlyKeys("kek-20261207T1800Z", "local-kek-1", "local-kek-2");
        assertThat(new String(keks.get("local-kek-1"), StandardCharsets.US_ASCII)).isEqualTo("local-demo-key-encryption-key-01");
        assertThat(keks.get("kek-20261207T1800Z")).hasSize(32).startsWith(0, 1, 2);
        assertThat(ExistingKeks.of(directory.resolve("elsewhere"))).as("no keyring, no jar").isEmpty();
    }
}
