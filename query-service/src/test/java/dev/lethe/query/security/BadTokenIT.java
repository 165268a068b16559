package dev.lethe.query.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.lethe.query.support.Tokens;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each kind of bad token, against the real decoder: 401 with the generic JSON body and a Bearer challenge. */
class BadTokenIT extends SecuredServiceTest {

    private static final String ROUTE = "/api/customers/stats";

    @Test
    void aGoodTokenPasses() {
        assertThat(call("GET", ROUTE, Tokens.token("good", "ANALYST"), null).statusCode()).isEqualTo(200);
    }

    @Test
    void everyBadTokenIsRefusedWith401() throws Exception {
        Instant now = Instant.now();
        RSAKey stranger = new RSAKeyGenerator(2048).keyID(Tokens.LOCAL_KEY.getKeyID()).generate();
        RSAKey unknown = new RSAKeyGenerator(2048).keyID("unknown-key").generate();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("none", null);
        cases.put("malformed", "not-a-jwt");
        cases.put("wrong signature", Tokens.sign(stranger, JWSAlgorithm.RS256, stranger.getKeyID(),
                Tokens.claims("bad", "ANALYST").build()));
        cases.put("alg none", new PlainJWT(Tokens.claims("bad", "ANALYST").build()).serialize());
        cases.put("expired", Tokens.token(c -> c.issueTime(Date.from(now.minusSeconds(7200)))
                .notBeforeTime(Date.from(now.minusSeconds(7200))).expirationTime(Date.from(now.minusSeconds(3600))),
                "bad", "ANALYST"));
        cases.put("not yet valid", Tokens.token(c -> c.notBeforeTime(Date.from(now.plusSeconds(3600))),
                "bad", "ANALYST"));
        cases.put("wrong issuer", Tokens.token(c -> c.issuer("https://idp.example.org/other"), "bad", "ANALYST"));
        cases.put("wrong audience", Tokens.token(c -> c.audience("some-other-api"), "bad", "ANALYST"));
        cases.put("unknown key id", Tokens.sign(unknown, JWSAlgorithm.RS256, unknown.getKeyID(),
                Tokens.claims("bad", "ANALYST").build()));
        cases.put("no expiry", Tokens.token(c -> c.expirationTime(null), "bad", "ANALYST"));
        cases.put("HS256 keyed with the public key", hs256());
        for (Map.Entry<String, String> badToken : cases.entrySet()) {
            HttpResponse<String> response = call("GET", ROUTE, badToken.getValue(), null);
            assertThat(response.statusCode()).as(badToken.getKey()).isEqualTo(401);
            assertThat(json(response.body()).get("code").asText()).as(badToken.getKey()).isEqualTo("UNAUTHENTICATED");
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(badToken.getKey())
                    .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
            assertThat(response.body()).as(badToken.getKey()).doesNotContain("Exception").doesNotContain("Jwt");
        }
    }

    /** The classic confusion attack: the verifier's public key used as an HMAC secret. */
    private static String hs256() throws Exception {
        byte[] secret = Tokens.LOCAL_KEY.toPublicJWK().toJSONString().getBytes();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(Tokens.LOCAL_KEY.getKeyID())
                .type(JOSEObjectType.JWT).build(), Tokens.claims("bad", "ANALYST").build());
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }
}
