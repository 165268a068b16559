package dev.lethe.command.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.support.crypto.CryptoProperties;
import dev.lethe.localstack.LocalPostgres;
import dev.lethe.shredding.JdbcKeyVault;
import dev.lethe.shredding.KeyEncryptionKeys;
import dev.lethe.shredding.kek.KekBackend;
import dev.lethe.shredding.kek.KekEpochs;
import dev.lethe.shredding.kek.LocalKeyring;
import dev.lethe.shredding.kek.Pkcs11Keks;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The erasure purge's KEK step for 100,000 live people (docs/performance.md): rotate (re-wrap every data key under a
 * new KEK) and destroy the retired KEK, on a durable PostgreSQL (fsync on) of its own. Not part of the build (no
 * *IT / *Test name); run once with
 * {@code mvn -B -pl command-service -am verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=KekPurgeBenchmark -Dfailsafe.failIfNoSpecifiedTests=false [-Dlethe.bench.backend=pkcs11]}
 * (PKCS#11: SoftHSM2, with {@code SOFTHSM2_CONF} pointing at a file this run writes).
 */
class KekPurgeBenchmark {

    private static final int PEOPLE = Integer.getInteger("lethe.bench.people", 100_000);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void purgeOfOneHundredThousandLivePeople() throws Exception {
        Path work = Files.createTempDirectory("lethe-kek-bench-");
        try (LocalPostgres postgres = LocalPostgres.start(LocalPostgres.Options.temporary())) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(postgres.ensureDatabase("bench"));
            dataSource.setUser(postgres.username());
            dataSource.setPassword(postgres.password());
            Flyway.configure().dataSource(dataSource).schemas("key_vault").locations("classpath:db/lethe-key-vault")
                    .table("key_vault_schema_history").load().migrate();
            KekBackend backend = backend(work);
            KekEpochs epochs = new KekEpochs(dataSource);
            String first = epochs.openFirst(backend, null);
            long seeding = System.nanoTime();
            seed(dataSource, backend, first);
            System.out.printf("seeded %,d data keys under %s in %d ms%n", PEOPLE, first,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - seeding));
            JdbcKeyVault vault = new JdbcKeyVault(dataSource, KeyEncryptionKeys.on(backend, first), Duration.ofMinutes(5));
            CryptoProperties properties = new CryptoProperties(new CryptoProperties.Kek(null, Map.of(), backend.name(),
                    null, null, false, null, Duration.ZERO, null, Duration.ofMinutes(5), null), Duration.ofMinutes(5));
            KekLifecycle lifecycle = new KekLifecycle(vault, KeyEncryptionKeys.on(backend, first), epochs, properties,
                    new SimpleMeterRegistry(), Clock.systemUTC());

            long started = System.nanoTime();
            KekLifecycle.Rotation rotation = lifecycle.rotate();
            long rotated = System.nanoTime();
            var destroyed = lifecycle.destroyDue();
            long finished = System.nanoTime();

            assertThat(rotation.rewrapped()).isEqualTo(PEOPLE);
            assertThat(destroyed).extracting(KekLifecycle.Destruction::kekId).containsExactly(first);
            System.out.printf("backend %s, %,d live people: rotation %d ms (%,.0f keys/s), destruction %d ms, "
                            + "purge step %d ms, on %d cores%n", backend.name(), PEOPLE,
                    TimeUnit.NANOSECONDS.toMillis(rotated - started),
                    PEOPLE / ((rotated - started) / 1e9), TimeUnit.NANOSECONDS.toMillis(finished - rotated),
                    TimeUnit.NANOSECONDS.toMillis(finished - started), Runtime.getRuntime().availableProcessors());
        }
    }

    private static KekBackend backend(Path work) throws Exception {
        if (!"pkcs11".equals(System.getProperty("lethe.bench.backend", "keyring"))) {
            return new LocalKeyring(work.resolve("keyring/keks.json"), Clock.systemUTC(), Duration.ofSeconds(1));
        }
        Path conf = Path.of(System.getenv("SOFTHSM2_CONF"));
        Files.createDirectories(conf.getParent());
        Path tokens = Files.createDirectories(work.resolve("tokens"));
        Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n");
        Process init = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", "bench",
                "--pin", "1234", "--so-pin", "5678").redirectErrorStream(true).start();
        String output = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(init.waitFor(60, TimeUnit.SECONDS)).isTrue();
        long slot = Long.parseLong(output.replaceAll("(?s).*reassigned to slot (\\d+).*", "$1"));
        return new Pkcs11Keks("/usr/lib/softhsm/libsofthsm2.so", slot, null, "1234".toCharArray(), Clock.systemUTC());
    }

    /** Real wrapped keys (what the vault would store), inserted in batches: the seeding is not what is measured. */
    private static void seed(PGSimpleDataSource dataSource, KekBackend backend, String kekId) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO key_vault.data_key (subject_id, key_id, kek_id, wrapped_key) VALUES (?, ?, ?, ?)""")) {
            connection.setAutoCommit(false);
            byte[] dataKey = new byte[32];
            for (int i = 1; i <= PEOPLE; i++) {
                String subject = UUID.randomUUID().toString();
                UUID keyId = UUID.randomUUID();
                RANDOM.nextBytes(dataKey);
                insert.setString(1, subject);
                insert.setObject(2, keyId);
                insert.setString(3, kekId);
                insert.setBytes(4, backend.wrap(kekId, dataKey, aad(subject, keyId.toString(), kekId)));
                insert.addBatch();
                if (i % 1000 == 0) {
                    insert.executeBatch();
                    connection.commit();
                }
            }
            insert.executeBatch();
            connection.commit();
        }
    }

    private static byte[] aad(String subject, String keyId, String kekId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : new String[] {"lethe:dek:v1", subject, keyId, kekId}) {
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
