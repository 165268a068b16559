package dev.lethe.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A minted token is accepted by the key both services trust in their local profile. */
class LocalTokensTest {

    private static final Pattern PUBLIC_JWKS = Pattern.compile("public-jwks: '(.*)'");

    @Test
    void aMintedTokenVerifiesWithEachServicesLocalKey() throws Exception {
        SignedJWT token = SignedJWT.parse(LocalTokens.mint("someone", List.of("ANALYST", "ANALYST_PII")));
        for (String service : List.of("query-service", "command-service")) {
            RSAKey key = (RSAKey) localKeys(service).getKeyByKeyId(token.getHeader().getKeyID());
            assertThat(key).as(service + " knows the key id").isNotNull();
            assertThat(token.verify(new RSASSAVerifier(key))).as(service).isTrue();
        }
        assertThat(token.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(token.getJWTClaimsSet().getIssuer()).isEqualTo("http://localhost/lethe-local");
        assertThat(token.getJWTClaimsSet().getAudience()).containsExactly("lethe");
        assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("someone");
        assertThat(token.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("ANALYST", "ANALYST_PII");
        assertThat(token.getJWTClaimsSet().getExpirationTime().toInstant())
                .isBetween(Instant.now().plus(Duration.ofHours(7)), Instant.now().plus(Duration.ofHours(9)));
    }

    private static JWKSet localKeys(String service) throws Exception {
        String yaml = Files.readString(Path.of("../..", service, "src/main/resources/application-local.yml"));
        Matcher matcher = PUBLIC_JWKS.matcher(yaml);
        assertThat(matcher.find()).as(service + " has public-jwks").isTrue();
        return JWKSet.parse(matcher.group(1));
    }
}
