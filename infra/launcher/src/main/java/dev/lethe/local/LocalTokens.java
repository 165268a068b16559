package dev.lethe.local;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Mints bearer tokens for the local platform, signed with the well-known local key whose public half is in the
 * query service's {@code application-local.yml}. Only services running the {@code local} profile accept them:
 * anyone with this jar can mint any role, so the local profile must never hold real data (docs/security.md).
 *
 * <pre>java -cp infra/launcher/target/lethe-local.jar dev.lethe.local.LocalTokens ANALYST ANALYST_PII</pre>
 * prints one token (valid 8 hours) for the subject {@code local-user}; {@code --subject NAME} changes the subject.
 */
public final class LocalTokens {

    public static final String ISSUER = "http://localhost/lethe-local";
    public static final String AUDIENCE = "lethe";
    public static final Set<String> ROLES = Set.of("ANALYST", "ANALYST_PII", "COMPLIANCE_OFFICER", "OPERATOR");
    static final Duration VALIDITY = Duration.ofHours(8);

    /** The private half of the local key; public in this repository on purpose, like every local-profile secret. */
    private static final String LOCAL_PRIVATE_JWK = """
            {"p":"1oyXkXRAYs9dvAwMUtP_z_NJoE1of--4NTUpb-NT0PsyzKU885myfkMp5pmlZHmZVLp96d9iTLwaMSevpygUChglXxd5Ox7Yy8mQIIuapMIyNjER3zHY5KLbIHG0wdBsASlOZawe9kY0Wi9-WvWKQpL1FWocUP5inRKVX5oPZSc","kty":"RSA","q":"8rOqUi8fw894WIN1vS1NrdtXtfUQBJkBTefRK-YlOSZxRahkpOEsc5sqciuoOrviHxgar-ySQF6TtZ_jluwFocn3fyi24I2mQII5dJrjalYjX4OJfA8oVhIf7jY4QhQ5jLJJGohe_CIpZWjxC41_3mDSsybxClcmOpmS3dS_-A8","d":"WedP20cEb_5BFqYKII-57ov9PT_lTaJ2nKSyxncimos6BooyoTmXrR7AO41JZ0jRJ_lz5o0pGO9UnSZRFcxyBsmT8g7WbvN-sZkSDZKCTkrD7KJ1W-9BKx1MX3fH8uG1l0iuBVlc1lBWNYVW5vJH-tRHb4DbpBEI5JFje3vZ5jwh5SgYgwycGS1ovJmM4JNxwiGk7lJ1wVQxFgG2UkGuHa-IPovuVSe7_1qxhA1dzD31vLg9vu-QbK6eeL1RqHn6VJzkSFpMUl_17w-lMmhC9Sv01fwftB7stHggMUMT37Xq1czJlioFQ8ZW-Vts2gQyjey1bWaRr6LReQSy5uM_DQ","e":"AQAB","use":"sig","kid":"lethe-local-1","qi":"KTUUWYZZ3vQ5PryZ4anA5aPwkU2k5VquJa6qzvtT_ME2NCRBbNhhAuQbQX1MI8q3MszXoHs0Mn51Fet6zvzYwHQrhaGnavDwg_UPCtPtCX7RuOMT6eLqun1Kr9n-ZIOha7kgMTjlEFxHb21uJqoubYzEuIaDk8JrBGNvvoWUwlk","dp":"y8TT343t6OrSN9upiLFY8QQ8FUfvzDK9XauUI3RhEsbBxKPbc_GyGUFo9l9POlJTUqmdFRbYodC1f6IVrkjeX4f3Vo1Q0tnFRie1_3MX-QuH7PhF5RnOybfzLqlP6BQvwBqfHumOrpCXAGDDPVifbANvSltxcWtp9YzE2fvUS1k","alg":"RS256","dq":"509-69cH4jqRC2M3SraryyA65yuKOaeNy6899yXgoihWWrpUOaR2FjRzbt7W9ittJo91l-fTt8-r3bVmVsfZ0knIPYQTT88Q_XhfxBd-2TEBg5284eUcX3PkxMceNTRLaSHedJA2Xv08EO_ElGsmzE3hYmeh4WYQBFer1wpWb9c","n":"y2d6U7fGuSwiyv4x9KazMcggZF7MJTjaz-iFpzLVsP1u61AkKJWckK0NkYZ0m-Fa3eaihjfDLiCf5Ra5QXTOOnvpBNdTHbzv0_N7maE01GVMiZsA3Fh09eudqVblOA3ckeBj9DkKL9t8y4tq5NEo61S_Gm-co0FBvV3dc9jF6TTFirAb_0L6pruVlNb2DM_pVv-k3IFouFvs2TgM_PO8YY03e-FSowebrz-l2bMPHdSfwrSw35Pcmdp2VSS9eKkdDfMObUhflpTYKbkzLT1V1dtXszgQEwKrFwPiEIxZq2B-Jpo1YpgwjVtpvnDH7J1OmYqjkHpKUs7j_Z_EtP21SQ"}""";

    private LocalTokens() {
    }

    public static void main(String[] args) {
        String subject = "local-user";
        List<String> roles = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--subject") && i + 1 < args.length) {
                subject = args[++i];
            } else if (ROLES.contains(args[i])) {
                roles.add(args[i]);
            } else {
                System.err.println("usage: LocalTokens [--subject NAME] ROLE...   roles: " + ROLES);
                System.exit(2);
            }
        }
        if (roles.isEmpty()) {
            System.err.println("usage: LocalTokens [--subject NAME] ROLE...   roles: " + ROLES);
            System.exit(2);
        }
        System.out.println(mint(subject, roles));
    }

    /** A token for the local profile with the roles, valid for {@link #VALIDITY}. */
    public static String mint(String subject, List<String> roles) {
        try {
            RSAKey key = RSAKey.parse(LOCAL_PRIVATE_JWK.strip());
            Instant now = Instant.now();
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject(subject)
                    .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                    .expirationTime(Date.from(now.plus(VALIDITY))).claim("roles", List.copyOf(roles)).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException("could not sign a local token", e);
        }
    }
}
