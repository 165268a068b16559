package dev.lethe.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.lethe.localstack.LocalJwt;
import dev.lethe.support.testapp.SupportTestApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The shared security over real HTTP with real signed tokens, on the smallest service that uses it: each kind of bad
 * token is refused with 401, the generic JSON body and a Bearer challenge; a good token without the role, or for a
 * route no rule names, gets 403 with its own generic body.
 */
@SpringBootTest(classes = SupportTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
class BadTokenIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration VALIDITY = Duration.ofHours(1);
    private static final String ROUTE = SupportTestApplication.PROTECTED;
    private static final String ROLE = SupportTestApplication.ROLE;

    @LocalServerPort
    int port;

    @Test
    void aGoodTokenPassesThroughTheServicesOwnFilters() throws Exception {
        HttpResponse<String> response = get(ROUTE, LocalJwt.mint("good", VALIDITY, List.of(ROLE)));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue(SupportTestApplication.SEEN_BY_HEADER)).hasValue("good");
    }

    @Test
    void everyBadTokenIsRefusedWith401() throws Exception {
        Instant now = Instant.now();
        RSAKey stranger = new RSAKeyGenerator(2048).keyID(LocalJwt.LOCAL_KEY.getKeyID()).generate();
        RSAKey unknown = new RSAKeyGenerator(2048).keyID("unknown-key").generate();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("none", null);
        cases.put("malformed", "not-a-jwt");
        cases.put("wrong signature", LocalJwt.sign(stranger, JWSAlgorithm.RS256, stranger.getKeyID(), claims().build()));
        cases.put("alg none", new PlainJWT(claims().build()).serialize());
        cases.put("expired", token(c -> c.issueTime(Date.from(now.minusSeconds(7200)))
                .notBeforeTime(Date.from(now.minusSeconds(7200))).expirationTime(Date.from(now.minusSeconds(3600)))));
        cases.put("not yet valid", token(c -> c.notBeforeTime(Date.from(now.plusSeconds(3600)))));
        cases.put("wrong issuer", token(c -> c.issuer("https://idp.example.org/other")));
        cases.put("wrong audience", token(c -> c.audience("some-other-api")));
        cases.put("unknown key id", LocalJwt.sign(unknown, JWSAlgorithm.RS256, unknown.getKeyID(), claims().build()));
        cases.put("no expiry", token(c -> c.expirationTime(null)));
        cases.put("HS256 keyed with the public key", hs256());
        for (Map.Entry<String, String> badToken : cases.entrySet()) {
            HttpResponse<String> response = get(ROUTE, badToken.getValue());
            assertThat(response.statusCode()).as(badToken.getKey()).isEqualTo(401);
            assertThat(json(response.body()).get("code").asText()).as(badToken.getKey()).isEqualTo("UNAUTHENTICATED");
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(badToken.getKey())
                    .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
            assertThat(response.body()).as(badToken.getKey()).doesNotContain("Exception").doesNotContain("Jwt");
        }
    }

    @Test
    void aGoodTokenWithoutTheRoleOrForAnUnlistedRouteGets403() throws Exception {
        String analyst = LocalJwt.mint("analyst", VALIDITY, List.of("ANALYST"));
        String operator = LocalJwt.mint("operator", VALIDITY, List.of(ROLE));
        for (HttpResponse<String> response : List.of(get(ROUTE, analyst), get("/not-listed", operator))) {
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(json(response.body()).get("code").asText()).isEqualTo("FORBIDDEN");
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        }
    }

    private static JWTClaimsSet.Builder claims() {
        return LocalJwt.claims("bad", VALIDITY, List.of(ROLE));
    }

    /** Signed with the local key from valid claims changed by {@code change}. */
    private static String token(UnaryOperator<JWTClaimsSet.Builder> change) {
        return LocalJwt.sign(LocalJwt.LOCAL_KEY, JWSAlgorithm.RS256, LocalJwt.LOCAL_KEY.getKeyID(),
                change.apply(claims()).build());
    }

    /** The classic confusion attack: the verifier's public key used as an HMAC secret. */
    private static String hs256() throws Exception {
        byte[] secret = LocalJwt.LOCAL_KEY.toPublicJWK().toJSONString().getBytes();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(LocalJwt.LOCAL_KEY.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims().build());
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String body) throws Exception {
        return JSON.readTree(body);
    }
}
