package dev.lethe.shredding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The per-thread {@code Cipher}: re-initialised per operation, never a nonce twice, never shared between threads. */
class AesGcmTest {

    private final SecretKey key = new SecretKeySpec(AesGcm.newKey(), "AES");
    private final byte[] aad = Aad.of("test", "aad");

    @Test
    void everyEncryptionOnOneThreadDrawsAFreshNonce() throws AEADBadTagException {
        byte[] plaintext = "the same text".getBytes(StandardCharsets.UTF_8);

        byte[] first = AesGcm.encrypt(key, plaintext, aad);
        byte[] second = AesGcm.encrypt(key, plaintext, aad);

        assertThat(Arrays.copyOf(first, AesGcm.NONCE_BYTES)).isNotEqualTo(Arrays.copyOf(second, AesGcm.NONCE_BYTES));
        assertThat(AesGcm.decrypt(key, first, aad)).isEqualTo(plaintext);
        assertThat(AesGcm.decrypt(key, second, aad)).isEqualTo(plaintext);
    }

    @Test
    void aFailedAuthenticationLeavesTheThreadsCipherUsable() throws AEADBadTagException {
        byte[] sealed = AesGcm.encrypt(key, new byte[] {1, 2, 3}, aad);
        byte[] altered = sealed.clone();
        altered[altered.length - 1] ^= 1;

        assertThatThrownBy(() -> AesGcm.decrypt(key, altered, aad)).isInstanceOf(AEADBadTagException.class);
        assertThat(AesGcm.decrypt(key, sealed, aad)).containsExactly(1, 2, 3);
        assertThat(AesGcm.decrypt(key, AesGcm.encrypt(key, new byte[] {4}, aad), aad)).containsExactly(4);
    }

    @Test
    void aFixedTestVectorNonceCanBeRepeated() {
        byte[] nonce = new byte[AesGcm.NONCE_BYTES];

        assertThat(AesGcm.encrypt(key, nonce, new byte[] {7}, aad))
                .isEqualTo(AesGcm.encrypt(key, nonce, new byte[] {7}, aad));
    }

    @Test
    void threadsSealAndOpenConcurrentlyWithoutSharingState() throws Exception {
        int threads = 4;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                byte[] plaintext = ("thread " + t).getBytes(StandardCharsets.UTF_8);
                results.add(pool.submit(() -> {
                    start.await();
                    int roundTrips = 0;
                    for (int i = 0; i < 2_000; i++) {
                        if (Arrays.equals(AesGcm.decrypt(key, AesGcm.encrypt(key, plaintext, aad), aad), plaintext)) {
                            roundTrips++;
                        }
                    }
                    return roundTrips;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(2_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
