package dev.lethe.query.security;

import dev.lethe.contract.Personal;
import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.contract.customer.ErasureReason;
import dev.lethe.contract.customer.PostalAddress;
import dev.lethe.query.support.AuditIntegrationTest;
import dev.lethe.query.support.Tokens;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import static org.awaitility.Awaitility.await;

/**
 * The real service with real token validation, plus one known customer and one erased one so that every route has
 * something to answer 200 about.
 */
abstract class SecuredServiceTest extends AuditIntegrationTest {

    static final String NAME = "Erika Mustermann";
    static final String EMAIL = "erika.security@example.org";
    static String known;
    static String erased;

    void ensureCustomers() throws Exception {
        if (known != null) {
            return;
        }
        String id = UUID.randomUUID().toString();
        awaitAudited(publish(id, registered(id, EMAIL)));
        String gone = UUID.randomUUID().toString();
        awaitAudited(publish(gone, registered(gone, null)));
        destroyKey(gone);
        awaitAudited(publish(gone, new CustomerErased(gone, ErasureReason.DATA_SUBJECT_REQUEST, Instant.now())));
        String analyst = Tokens.token("setup-analyst", "ANALYST", "ANALYST_PII");
        await().atMost(Duration.ofSeconds(30)).until(() -> call("GET", "/api/customers/" + id, analyst, null)
                .statusCode() == 200);
        erased = gone;
        known = id;
    }

    private static CustomerRegistered registered(String id, String email) {
        return new CustomerRegistered(id, "webshop", Personal.of("c-" + id.substring(0, 6)), "order-fulfilment",
                Personal.of(NAME), Personal.ofNullable(email), Personal.of("+49301234567"),
                Personal.of(new PostalAddress("Hauptstr. 1", "10115", "Berlin", "DE")), null);
    }

    /** One request; {@code token} null sends no Authorization header, {@code body} null sends none. */
    HttpResponse<String> call(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", Tokens.bearer(token));
        }
        return send(request.build());
    }
}
