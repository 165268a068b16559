package dev.lethe.shredding.kek;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keyring file: private, shared by processes, and without a KEK once it is destroyed. */
class LocalKeyringTest {

    private static final byte[] DATA_KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AAD = "aad".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path directory;

    @Test
    void aCreatedKekWrapsAndUnwrapsAndLivesInAPrivateFile() throws Exception {
        Path file = directory.resolve("keyring/keks.json");
        try (LocalKeyring keyring = new LocalKeyring(file, Clock.systemUTC(), Duration.ofSeconds(1))) {
            String kek = keyring.create();

            byte[] wrapped = keyring.wrap(kek, DATA_KEY, AAD);

            assertThat(wrapped).hasSize(60);
            assertThat(keyring.unwrap(kek, wrapped, AAD)).isEqualTo(DATA_KEY);
            assertThatThrownBy(() -> keyring.unwrap(kek, wrapped, "other".getBytes(StandardCharsets.US_ASCII)))
                    .isInstanceOf(AEADBadTagException.class);
            assertThat(kek).matches(KekIds.ID);
            assertThat(Files.getPosixFilePermissions(file))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            assertThat(Files.getPosixFilePermissions(file.getParent())).doesNotContain(
                    PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_READ);
            try (var leftovers = Files.list(file.getParent())) {
                assertThat(leftovers.map(path -> path.getFileName().toString()))
                        .as("no temp file left behind").containsExactlyInAnyOrder("keks.json", "keks.json.lock");
            }
        }
    }

    @Test
    void anotherProcessSeesACreatedKekAtOnceAndADestroyedOneWithinTheRecheck() throws Exception {
        Path file = directory.resolve("keks.json");
        try (LocalKeyring command = new LocalKeyring(file, Clock.systemUTC(), Duration.ofMillis(200));
             LocalKeyring query = new LocalKeyring(file, Clock.systemUTC(), Duration.ofMillis(200))
                     .watching(Duration.ofMillis(200))) {
            String first = command.create();
            String second = command.create();
            byte[] wrapped = command.wrap(first, DATA_KEY, AAD);
            // an unknown id makes the other read the file again at once
            assertThat(query.unwrap(first, wrapped, AAD)).isEqualTo(DATA_KEY);
            String material = Base64.getEncoder().encodeToString(keyMaterial(file, first));

            command.destroy(first);

            assertThat(Files.readString(file)).doesNotContain(first).doesNotContain(material).contains(second);
            await("the other process forgets the destroyed KEK").atMost(Duration.ofSeconds(20))
                    .until(() -> !query.ids().contains(first));
            assertThatThrownBy(() -> query.unwrap(first, wrapped, AAD)).isInstanceOf(UnknownKekException.class)
                    .hasMessageContaining(first);
            assertThat(query.ids()).containsExactly(second);
            command.destroy(first); // idempotent
            assertThat(new LocalKeyring(file, Clock.systemUTC(), Duration.ofSeconds(1)).ids()).isEqualTo(Set.of(second));
        }
    }

    @Test
    void importAddsAConfiguredKekOnceAndNeverOverwrites() throws Exception {
        Path file = directory.resolve("keks.json");
        byte[] configured = new byte[32];
        byte[] other = new byte[32];
        other[0] = 1;
        try (LocalKeyring keyring = new LocalKeyring(file, Clock.systemUTC(), Duration.ofSeconds(1))) {
            assertThat(keyring.importKey("local-kek-1", configured)).isTrue();
            byte[] wrapped = keyring.wrap("local-kek-1", DATA_KEY, AAD);
            assertThat(keyring.importKey("local-kek-1", other)).isFalse();
            assertThat(keyring.unwrap("local-kek-1", wrapped, AAD)).isEqualTo(DATA_KEY);
            assertThat(KekBackends.importConfigured(keyring, java.util.Map.of("gone", other), Set.of("gone"))).isEmpty();
            assertThat(keyring.contains("gone")).isFalse();
        }
    }

    @Test
    void manyConcurrentCreationsByTwoProcessesLoseNone() throws Exception {
        Path file = directory.resolve("keks.json");
        try (LocalKeyring a = new LocalKeyring(file, Clock.systemUTC(), Duration.ofSeconds(1));
             LocalKeyring b = new LocalKeyring(file, Clock.systemUTC(), Duration.ofSeconds(1))) {
            var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            var created = java.util.concurrent.ConcurrentHashMap.<String>newKeySet();
            var futures = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (int i = 0; i < 40; i++) {
                LocalKeyring keyring = i % 2 == 0 ? a : b;
                futures.add(pool.submit(() -> created.add(keyring.create())));
            }
            for (var future : futures) {
                future.get();
            }
            pool.shutdown();
            assertThat(created).hasSize(40);
            assertThat(new LocalKeyring(file, Clock.systemUTC(), Duration.ofSeconds(1)).ids())
                    .containsExactlyInAnyOrderElementsOf(created);
        }
    }

    private static byte[] keyMaterial(Path file, String id) throws Exception {
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        for (var entry : root.path("keys")) {
            if (entry.path("id").asText().equals(id)) {
                return Base64.getDecoder().decode(entry.path("key").asText());
            }
        }
        throw new AssertionError("no key " + id);
    }
}
