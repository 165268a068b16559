package dev.lethe.shredding.kek;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PKCS#11 backend against SoftHSM2 (Debian {@code softhsm2}, installed by {@code .ci/run}): its own token in a
 * fresh directory named by {@code SOFTHSM2_CONF} (set for this module's failsafe run). The KEK is a token object
 * that cannot be extracted, wraps inside the token, and is gone once destroyed.
 */
class Pkcs11KeksIT {

    static final String LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";
    private static final String PIN = "4711-lethe";
    private static final byte[] DATA_KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AAD = "lethe:dek:v1 aad".getBytes(StandardCharsets.US_ASCII);

    private static long slot;

    @BeforeAll
    static void ownToken() throws Exception {
        assertThat(Path.of(LIBRARY)).as("SoftHSM2 (apt-get install softhsm2; .ci/run installs it)").exists();
        String conf = System.getenv("SOFTHSM2_CONF");
        assertThat(conf).as("SOFTHSM2_CONF, set by this module's failsafe configuration").isNotBlank();
        Path tokens = Files.createTempDirectory("lethe-softhsm-");
        Files.createDirectories(Path.of(conf).getParent());
        Files.writeString(Path.of(conf), "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n"
                + "log.level = ERROR\n");
        Process init = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", "lethe-test",
                "--pin", PIN, "--so-pin", "0815-lethe").redirectErrorStream(true).start();
        String output = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(init.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(init.exitValue()).as(output).isZero();
        // "The token has been initialized and is reassigned to slot 1234567"
        slot = Long.parseLong(output.replaceAll("(?s).*reassigned to slot (\\d+).*", "$1"));
    }

    private static Pkcs11Keks token() {
        return new Pkcs11Keks(LIBRARY, slot, null, PIN.toCharArray(), Clock.systemUTC());
    }

    @Test
    void aKekIsANonExtractableTokenObjectThatWrapsInsideTheToken() throws Exception {
        Pkcs11Keks keks = token();
        String kek = keks.create();

        byte[] wrapped = keks.wrap(kek, DATA_KEY, AAD);

        assertThat(wrapped).hasSize(60);
        assertThat(keks.unwrap(kek, wrapped, AAD)).isEqualTo(DATA_KEY);
        assertThatThrownBy(() -> keks.unwrap(kek, wrapped, "other".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(AEADBadTagException.class);
        KeyStore store = KeyStore.getInstance("PKCS11", keks.provider());
        store.load(null, PIN.toCharArray());
        Key key = store.getKey(kek, null);
        assertThat(key).as("a token object labelled with the KEK id").isNotNull();
        assertThat(key.getEncoded()).as("sensitive and not extractable: no key bytes leave the token").isNull();
        assertThat(key.toString()).contains("token object").contains("sensitive").doesNotContain("not sensitive");
        // the token's GCM is the standard one: a wrapped key opens with the same layout and associated data
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", keks.provider());
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, java.util.Arrays.copyOf(wrapped, 12)));
        cipher.updateAAD(AAD);
        assertThat(cipher.doFinal(wrapped, 12, 48)).isEqualTo(DATA_KEY);
    }

    @Test
    void aKekCreatedByOneInstanceUnwrapsInAnotherAndADestroyedOneInNone() throws Exception {
        Pkcs11Keks command = token();
        Pkcs11Keks query = token();
        String kek = command.create();
        byte[] wrapped = command.wrap(kek, DATA_KEY, AAD);
        assertThat(query.unwrap(kek, wrapped, AAD)).isEqualTo(DATA_KEY);
        assertThat(query.ids()).contains(kek);

        command.destroy(kek);

        assertThat(command.contains(kek)).isFalse();
        assertThatThrownBy(() -> command.unwrap(kek, wrapped, AAD)).isInstanceOf(UnknownKekException.class);
        assertThat(query.ids()).doesNotContain(kek);
        assertThatThrownBy(() -> query.unwrap(kek, wrapped, AAD)).isInstanceOf(UnknownKekException.class);
        assertThat(token().contains(kek)).as("a fresh session on the token").isFalse();
        command.destroy(kek); // idempotent
    }
}
