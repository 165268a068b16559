package dev.lethe.query.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.localstack.TestInfrastructure;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Every key that ever signed stays published, with the validity a key rotation gives it; none is ever changed. */
class SigningKeyRegistryIT {

    private JdbcTemplate db;

    @BeforeEach
    void database() {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        String url = infrastructure.createDatabase("signingkeys");
        db = new JdbcTemplate(new DriverManagerDataSource(url, infrastructure.username(), infrastructure.password()));
        Flyway.configure().dataSource(url, infrastructure.username(), infrastructure.password())
                .schemas("query", "audit").defaultSchema("query").placeholders(Map.of("approle", "no_such_role"))
                .load().migrate();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRotationEndsTheOldKeysValidityWhereTheNewOnesBeginsAndKeepsPublishingBoth() throws Exception {
        KeyPair first = ed25519();
        KeyPair second = ed25519();
        KeyPair configuredRetired = ed25519();
        Instant firstStart = Instant.parse("2026-01-01T00:00:00Z");
        Instant rotation = Instant.parse("2026-06-01T00:00:00Z");

        new SigningKeyRegistry(db, keys(first, List.of(configuredRetired)), at(firstStart));
        new SigningKeyRegistry(db, keys(first, List.of()), at(firstStart.plus(Duration.ofDays(3)))); // a restart
        SigningKeyRegistry rotated = new SigningKeyRegistry(db, keys(second, List.of(first)), at(rotation));

        List<SigningKeyRegistry.SigningKey> all = rotated.all();
        assertThat(all).extracting(SigningKeyRegistry.SigningKey::keyId).containsExactly(
                CheckpointKeys.keyId(configuredRetired.getPublic()), CheckpointKeys.keyId(first.getPublic()),
                CheckpointKeys.keyId(second.getPublic()));
        assertThat(all.get(0).validFrom()).as("used before the registry existed").isNull();
        assertThat(all.get(0).validUntil()).isEqualTo(firstStart);
        assertThat(all.get(1).validFrom()).as("its first start, not the restart").isEqualTo(firstStart);
        assertThat(all.get(1).validUntil()).isEqualTo(rotation);
        assertThat(all.get(2).validFrom()).isEqualTo(rotation);
        assertThat(all.get(2).validUntil()).isNull();

        Map<String, Object> jwk = ((List<Map<String, Object>>) rotated.jwks().get("keys")).get(2);
        assertThat(jwk).containsEntry("kty", "OKP").containsEntry("crv", "Ed25519").containsEntry("alg", "EdDSA")
                .containsEntry("use", "sig").containsEntry("validFrom", "2026-06-01T00:00:00.000000Z")
                .containsEntry("validUntil", null);
        byte[] x509 = second.getPublic().getEncoded();
        assertThat(Base64.getUrlDecoder().decode((String) jwk.get("x")))
                .isEqualTo(java.util.Arrays.copyOfRange(x509, 12, 44));
    }

    @Test
    void theRegistryIsAppendOnly() throws Exception {
        new SigningKeyRegistry(db, keys(ed25519(), List.of()), Clock.systemUTC());

        assertThatThrownBy(() -> db.update("UPDATE audit.signing_key SET valid_from = now()"))
                .rootCause().hasMessageContaining("audit.signing_key is append-only: UPDATE refused");
        assertThatThrownBy(() -> db.update("DELETE FROM audit.signing_key"))
                .rootCause().hasMessageContaining("audit.signing_key is append-only: DELETE refused");
    }

    private static CheckpointKeys keys(KeyPair pair, List<KeyPair> retired) {
        Base64.Encoder base64 = Base64.getEncoder();
        return new CheckpointKeys(new AuditProperties.Checkpoint(base64.encodeToString(pair.getPrivate().getEncoded()),
                base64.encodeToString(pair.getPublic().getEncoded()),
                retired.stream().map(k -> base64.encodeToString(k.getPublic().getEncoded())).toList(), 100,
                Duration.ofMinutes(5)));
    }

    private static KeyPair ed25519() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }
}
