package dev.lethe.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Asks a Spring Boot service whether it is ready: {@code GET /actuator/health/readiness} answering {@code "status":"UP"}
 * (its database and broker answer). Not the whole health: a parked event or a publisher retrying a batch turns that
 * DOWN for operators to see, and neither should stop the platform from starting.
 */
final class HealthCheck {

    // The aggregate status is the first "status" member of the document.
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    boolean isUp(String baseUrl) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health/readiness"))
                // the dependency checks are time-boxed at 2.5 s each
                .timeout(Duration.ofSeconds(6)).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            var status = STATUS.matcher(response.body());
            return response.statusCode() == 200 && status.find() && status.group(1).equals("UP");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
