package dev.lethe.localstack;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The local profile's well-known token key and the tokens it signs: one place for the run command's token tool
 * and the tests of both services. The services know only the public half (their {@code application-local.yml});
 * anyone with this repository can mint any role for a local-profile service, so it must never hold real data
 * (docs/security.md).
 */
public final class LocalJwt {

    public static final String ISSUER = "http://localhost/lethe-local";
    public static final String AUDIENCE = "lethe";

    /** The private half of the local key; public in this repository on purpose, like every local-profile secret. */
    private static final String LOCAL_PRIVATE_JWK = """
            {"p":"1oyXkXRAYs9dvAwMUtP_z_NJoE1of--4NTUpb-NT0PsyzKU885myfkMp5pmlZHmZVLp96d9iTLwaMSevpygUChglXxd5Ox7Yy8mQIIuapMIyNjER3zHY5KLbIHG0wdBsASlOZawe9kY0Wi9-WvWKQpL1FWocUP5inRKVX5oPZSc","kty":"RSA","q":"8rOqUi8fw894WIN1vS1NrdtXtfUQBJkBTefRK-YlOSZxRahkpOEsc5sqciuoOrviHxgar-ySQF6TtZ_jluwFocn3fyi24I2mQII5dJrjalYjX4OJfA8oVhIf7jY4QhQ5jLJJGohe_CIpZWjxC41_3mDSsybxClcmOpmS3dS_-A8","d":"WedP20cEb_5BFqYKII-57ov9PT_lTaJ2nKSyxncimos6BooyoTmXrR7AO41JZ0jRJ_lz5o0pGO9UnSZRFcxyBsmT8g7WbvN-sZkSDZKCTkrD7KJ1W-9BKx1MX3fH8uG1l0iuBVlc1lBWNYVW5vJH-tRHb4DbpBEI5JFje3vZ5jwh5SgYgwycGS1ovJmM4JNxwiGk7lJ1wVQxFgG2UkGuHa-IPovuVSe7_1qxhA1dzD31vLg9vu-QbK6eeL1RqHn6VJzkSFpMUl_17w-lMmhC9Sv01fwftB7stHggMUMT37Xq1czJlioFQ8ZW-Vts2gQyjey1bWaRr6LReQSy5uM_DQ","e":"AQAB","use":"sig","kid":"lethe-local-1","qi":"KTUUWYZZ3vQ5PryZ4anA5aPwkU2k5VquJa6qzvtT_ME2NCRBbNhhAuQbQX1MI8q3MszXoHs0Mn51Fet6zvzYwHQrhaGnavDwg_UPCtPtCX7RuOMT6eLqun1Kr9n-ZIOha7kgMTjlEFxHb21uJqoubYzEuIaDk8JrBGNvvoWUwlk","dp":"y8TT343t6OrSN9upiLFY8QQ8FUfvzDK9XauUI3RhEsbBxKPbc_GyGUFo9l9POlJTUqmdFRbYodC1f6IVrkjeX4f3Vo1Q0tnFRie1_3MX-QuH7PhF5RnOybfzLqlP6BQvwBqfHumOrpCXAGDDPVifbANvSltxcWtp9YzE2fvUS1k","alg":"RS256","dq":"509-69cH4jqRC2M3SraryyA65yuKOaeNy6899yXgoihWWrpUOaR2FjRzbt7W9ittJo91l-fTt8-r3bVmVsfZ0knIPYQTT88Q_XhfxBd-2TEBg5284eUcX3PkxMceNTRLaSHedJA2Xv08EO_ElGsmzE3hYmeh4WYQBFer1wpWb9c","n":"y2d6U7fGuSwiyv4x9KazMcggZF7MJTjaz-iFpzLVsP1u61AkKJWckK0NkYZ0m-Fa3eaihjfDLiCf5Ra5QXTOOnvpBNdTHbzv0_N7maE01GVMiZsA3Fh09eudqVblOA3ckeBj9DkKL9t8y4tq5NEo61S_Gm-co0FBvV3dc9jF6TTFirAb_0L6pruVlNb2DM_pVv-k3IFouFvs2TgM_PO8YY03e-FSowebrz-l2bMPHdSfwrSw35Pcmdp2VSS9eKkdDfMObUhflpTYKbkzLT1V1dtXszgQEwKrFwPiEIxZq2B-Jpo1YpgwjVtpvnDH7J1OmYqjkHpKUs7j_Z_EtP21SQ"}""";
    public static final RSAKey LOCAL_KEY = parse(LOCAL_PRIVATE_JWK);

    private LocalJwt() {
    }

    /** Claims the local profile accepts: its issuer and audience, valid from now for {@code validity}. */
    public static JWTClaimsSet.Builder claims(String subject, Duration validity, List<String> roles) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject(subject)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(validity)))
                .claim("roles", List.copyOf(roles));
    }

    /** A token with the local key. */
    public static String mint(String subject, Duration validity, List<String> roles) {
        return sign(LOCAL_KEY, JWSAlgorithm.RS256, LOCAL_KEY.getKeyID(), claims(subject, validity, roles).build());
    }

    /** Any key, algorithm and key id: the tests also sign tokens a service must refuse. */
    public static String sign(RSAKey key, JWSAlgorithm algorithm, String keyId, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).type(JOSEObjectType.JWT)
                    .build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException("could not sign a token", e);
        }
    }

    private static RSAKey parse(String json) {
        try {
            return RSAKey.parse(json.strip());
        } catch (ParseException e) {
            throw new IllegalStateException("the local token key does not parse", e);
        }
    }
}
