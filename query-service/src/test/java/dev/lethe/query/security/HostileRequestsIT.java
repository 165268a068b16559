package dev.lethe.query.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.query.support.Tokens;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 10,000 generated hostile requests (oversized and malformed bodies, wrong types, injection strings, path traversal)
 * to every API route, with tokens that are allowed there: never a 5xx, never a stack trace, never the personal
 * value that was sent echoed back. Seeded, so a failure can be replayed.
 */
class HostileRequestsIT extends SecuredServiceTest {

    private static final int REQUESTS = 10_000;
    /** A personal value hidden in the inputs; no answer may contain it. */
    private static final String SECRET = "fuzz-secret-person@example.org";
    private static final List<String> VALUES = List.of(SECRET, "../../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd",
            "' OR '1'='1' --", "\"; DROP TABLE query.customer_view; --", "<script>alert(1)</script>", "${jndi:ldap://x/a}",
            "%00", "\u0000", "\uD83D\uDE00\u202E", "-1", "9999999999999999999999", "NaN", "null", "true", "[]", "{}",
            "a".repeat(1500), " ", "%", "\\", "*", "?", "#", "2026-13-45T99:99:99Z");
    private static final List<String> RAW = List.of("../../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%00",
            "-1", "null", "*");
    private static final List<String> BODIES = List.of("", "{", "[]", "\"text\"", "42", "null", "{\"email\":123}",
            "{\"email\":\"" + SECRET + "\",\"page\":\"x\"}", "{\"size\":-5}", "{\"size\":100000}",
            "{\"sort\":\"name;DROP TABLE x\"}", "{\"status\":[\"ACTIVE\"]}", "{\"unknown\":\"" + SECRET + "\"}",
            "{\"phone\":{\"nested\":{\"deeper\":[1,2,3]}}}", "{\"consentStatus\":\"MAYBE\",\"consentPurpose\":\"x\"}",
            "[".repeat(2000) + "]".repeat(2000), "{\"email\":\"" + "x".repeat(1_000_000) + "\"}");

    private final Map<String, String> tokens = new HashMap<>();

    @BeforeEach
    void customers() throws Exception {
        ensureCustomers();
    }

    @Test
    void hostileRequestsGetNoServerErrorNoStackTraceAndNoEcho() throws Exception {
        Random random = new Random(20261129L);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<HttpRequest> requests = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            // a fresh principal every 40 requests keeps the per-principal rate limit out of the way
            requests.add(request(random, "fuzzer-" + (i / 40)));
        }
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicInteger answered = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (HttpRequest request : requests) {
            pool.submit(() -> {
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    answered.incrementAndGet();
                    String body = response.body();
                    if (response.statusCode() >= 500 || body.contains("Exception") || body.contains("\tat ")
                            || body.contains("org.springframework") || body.contains(SECRET)
                            || response.statusCode() == 429) {
                        problems.add(request.method() + " " + abbreviate(request.uri().toString()) + " -> "
                                + response.statusCode() + " " + abbreviate(body));
                    }
                } catch (Exception e) {
                    problems.add(request.method() + " " + abbreviate(request.uri().toString()) + " -> " + e);
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.MINUTES)).isTrue();
        assertThat(problems).isEmpty();
        assertThat(answered.get()).isEqualTo(REQUESTS);
    }

    private HttpRequest request(Random random, String subject) {
        String value = VALUES.get(random.nextInt(VALUES.size()));
        // a few values also go raw into the path, as an attacker would send them
        String segment = random.nextInt(4) == 0 && RAW.contains(value) ? value : encode(value);
        String customer = random.nextBoolean() ? segment : known;
        String query = "?asOf=" + encode(VALUES.get(random.nextInt(VALUES.size())))
                + "&" + encode(value) + "=" + encode(value);
        return switch (random.nextInt(7)) {
            case 0 -> get("/api/customers/" + segment + (random.nextBoolean() ? query : ""), subject, "ANALYST");
            case 1 -> post("/api/customers/search", BODIES.get(random.nextInt(BODIES.size())), subject, "ANALYST");
            case 2 -> get("/api/customers/stats" + query, subject, "ANALYST", "ANALYST_PII");
            case 3 -> get("/api/compliance/customers/" + customer + "/state" + query, subject, "COMPLIANCE_OFFICER");
            case 4 -> get("/api/compliance/customers/" + segment + "/"
                    + List.of("history", "export", "erasure").get(random.nextInt(3)), subject, "COMPLIANCE_OFFICER");
            case 5 -> post("/api/operations/projections/" + segment + "/rebuild",
                    BODIES.get(random.nextInt(BODIES.size())), subject, "OPERATOR");
            default -> get("/api/compliance/audit/verify" + query, subject, "COMPLIANCE_OFFICER");
        };
    }

    private HttpRequest get(String path, String subject, String... roles) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", Tokens.bearer(token(subject, roles))).GET().build();
    }

    private HttpRequest post(String path, String body, String subject, String... roles) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", Tokens.bearer(token(subject, roles)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** One token per principal and roles: signing 10,000 would take longer than sending them. */
    private String token(String subject, String... roles) {
        return tokens.computeIfAbsent(subject + String.join(",", roles), key -> Tokens.token(subject, roles));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
