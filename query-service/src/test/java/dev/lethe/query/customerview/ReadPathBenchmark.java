package dev.lethe.query.customerview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.contract.Personal;
import dev.lethe.contract.consent.ConsentGranted;
import dev.lethe.contract.identity.SourceRecordLinked;
import dev.lethe.query.support.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The read path's cost: p50/p99 of {@code GET /api/customers/{id}} over HTTP (one client, one request at a time) and
 * of the golden record alone ({@link GoldenRecords#find}, in process), for customers with two source records and a
 * consent. Not part of the suite (no IT suffix); run it on two builds to compare them (docs/performance.md):
 * {@code mvn -B -pl query-service -am verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=ReadPathBenchmark -Dfailsafe.failIfNoSpecifiedTests=false}. Prints one line per round.
 */
@TestPropertySource(properties = {"lethe.security.rate-limit.requests-per-second=1000000",
        "lethe.security.rate-limit.burst=1000000"})
class ReadPathBenchmark extends CustomerViewTestBase {

    private static final int CUSTOMERS = Integer.getInteger("bench.customers", 2_000);
    private static final int READS = Integer.getInteger("bench.reads", 5_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    @Autowired
    GoldenRecords records;

    @Test
    void readPath() throws Exception {
        List<String> ids = new ArrayList<>();
        Instant t = Instant.parse("2026-10-01T08:00:00Z");
        for (int i = 0; i < CUSTOMERS; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            publish(id, registered(id, "webshop", "w-" + i, "Bench Person " + i, "bench" + i + "@example.org",
                    "+49 30 " + (5_000_000 + i)), t);
            publish(id, new SourceRecordLinked(id, "crm", Personal.of("crm-" + i), "support", Personal.of("B. P. " + i),
                    Personal.of("bench" + i + "@crm.example.org"), null, null, null), t.plusSeconds(60));
            publish(id, new ConsentGranted(id, "marketing", "web", "v1", t.plusSeconds(120)), t.plusSeconds(120));
        }
        awaitAllApplied();
        HttpClient client = HttpClient.newHttpClient();
        String token = Tokens.bearer(Tokens.forPath("/api/customers/" + ids.get(0)));
        SplittableRandom random = new SplittableRandom(42);
        Supplier<String> anyone = () -> ids.get(random.nextInt(ids.size()));
        for (int i = 0; i < READS; i++) {  // warm-up: JIT, connection, key cache
            http(client, token, anyone.get());
            records.find(anyone.get());
        }
        for (int round = 1; round <= ROUNDS; round++) {
            long[] http = new long[READS];
            long[] golden = new long[READS];
            for (int i = 0; i < READS; i++) {
                long start = System.nanoTime();
                http(client, token, anyone.get());
                http[i] = System.nanoTime() - start;
            }
            for (int i = 0; i < READS; i++) {
                String id = anyone.get();
                long start = System.nanoTime();
                assertThat(records.find(id)).isPresent();
                golden[i] = System.nanoTime() - start;
            }
            System.out.printf(Locale.ROOT, "READ-PATH round %d: GET p50 %.2f ms p99 %.2f ms | find p50 %.2f ms "
                            + "p99 %.2f ms (%d customers, %d reads each)%n", round, ms(http, 0.50), ms(http, 0.99),
                    ms(golden, 0.50), ms(golden, 0.99), CUSTOMERS, READS);
        }
    }

    private void http(HttpClient client, String token, String id) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/customers/" + id)).header("Authorization", token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private static double ms(long[] nanos, double quantile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
