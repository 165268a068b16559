package dev.lethe.query.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.query.support.Tokens;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A burst far beyond the limit is cut off with 429 for that principal only. The refill is lowered to 1 request a
 * second so that 400 requests exceed the burst of 100 however slowly a busy machine serves them (at the default
 * 50/s, a machine serving fewer than 50 requests a second never runs out of tokens).
 */
@TestPropertySource(properties = "lethe.security.rate-limit.requests-per-second=1")
class RateLimitIT extends SecuredServiceTest {

    @Test
    void aBurstBeyondTheLimitGets429AndOthersAreUnaffected() throws Exception {
        String greedy = Tokens.token("greedy-" + System.nanoTime(), "ANALYST");
        List<HttpResponse<String>> responses;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            // a burst of 100, refilled at 1/s: 400 requests cannot all fit in the time they take
            List<Callable<HttpResponse<String>>> calls = IntStream.range(0, 400)
                    .<Callable<HttpResponse<String>>>mapToObj(i -> () -> call("GET", "/api/customers/stats", greedy, null))
                    .toList();
            responses = pool.invokeAll(calls).stream().map(RateLimitIT::get).toList();
        } finally {
            pool.shutdownNow();
        }
        List<HttpResponse<String>> limited = responses.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(limited).isNotEmpty();
        assertThat(responses.stream().filter(r -> r.statusCode() == 200).count()).isGreaterThanOrEqualTo(100);
        assertThat(responses.stream().allMatch(r -> r.statusCode() == 200 || r.statusCode() == 429)).isTrue();
        HttpResponse<String> one = limited.get(0);
        assertThat(json(one.body()).get("code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(one.headers().firstValue("Retry-After")).hasValueSatisfying(
                value -> assertThat(Long.parseLong(value)).isPositive());

        assertThat(call("GET", "/api/customers/stats", Tokens.token("patient-" + System.nanoTime(), "ANALYST"), null)
                .statusCode()).isEqualTo(200);
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
