package dev.lethe.shredding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WellKnownSecretsTest {

    private static final Map<String, String> DEMO = Map.of(
            "lethe.crypto.kek.keys.local-kek-1", "bG9jYWwtZGVtby1rZXk=",
            "lethe.crypto.kek.current-id", "local-kek-1",
            "lethe.identity.blind-index-key", "ZGVtby1ibGluZA==",
            "lethe.audit.checkpoint.private-key", "MC4CAQAw",
            "spring.datasource.password", "postgres",
            "lethe.policy.sources.crm.purposes[0]", "lead");

    @Test
    void namesEverySecretSettingThatStillHoldsTheDemoValueAndNeverTheValue() {
        Map<String, String> running = Map.of(
                "lethe.crypto.kek.keys.local-kek-1", "bG9jYWwtZGVtby1rZXk=",
                "lethe.crypto.kek.current-id", "local-kek-1",
                "lethe.identity.blind-index-key", " ZGVtby1ibGluZA== ",
                "lethe.audit.checkpoint.private-key", "bXktb3duLWtleQ==",
                "lethe.policy.sources.crm.purposes[0]", "lead");

        assertThat(WellKnownSecrets.reused(DEMO, running::get))
                .containsExactly("lethe.crypto.kek.keys.local-kek-1", "lethe.identity.blind-index-key");
    }

    @Test
    void ownSecretsOrUnsetOnesPass() {
        assertThat(WellKnownSecrets.reused(DEMO, setting -> null)).isEmpty();
        assertThat(WellKnownSecrets.reused(DEMO, setting -> "my-own-" + setting)).isEmpty();
    }

    @Test
    void readsADemoProfileFileAsSpringNamesItsSettings() throws Exception {
        String yaml = """
                lethe:
                  crypto:
                    kek:
                      current-id: local-kek-1
                      keys:
                        local-kek-1: bG9jYWwtZGVtby1rZXk=
                  policy:
                    sources:
                      crm:
                        purposes: [lead, marketing]
                """;

        Map<String, String> settings = WellKnownSecrets.settingsOf(
                new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        assertThat(settings).containsExactlyInAnyOrderEntriesOf(Map.of(
                "lethe.crypto.kek.current-id", "local-kek-1",
                "lethe.crypto.kek.keys.local-kek-1", "bG9jYWwtZGVtby1rZXk=",
                "lethe.policy.sources.crm.purposes[0]", "lead",
                "lethe.policy.sources.crm.purposes[1]", "marketing"));
    }

    @Test
    void tellsSecretsFromOtherSettingsByName() {
        assertThat(WellKnownSecrets.isSecret("lethe.crypto.kek.keys.local-kek-1")).isTrue();
        assertThat(WellKnownSecrets.isSecret("lethe.identity.blind-index-key")).isTrue();
        assertThat(WellKnownSecrets.isSecret("lethe.audit.checkpoint.public-key")).isTrue();
        assertThat(WellKnownSecrets.isSecret("spring.datasource.password")).isTrue();
        assertThat(WellKnownSecrets.isSecret("lethe.security.public-jwks")).isTrue();
        assertThat(WellKnownSecrets.isSecret("lethe.crypto.kek.current-id")).isFalse();
        assertThat(WellKnownSecrets.isSecret("lethe.policy.purposes.lead.fields[0]")).isFalse();
        assertThat(WellKnownSecrets.isSecret("lethe.topics.commands-retention")).isFalse();
    }

    @Test
    void findsADemoKeyUnderAnyNameInsideAnyValueInEitherBase64Alphabet() {
        Map<String, String> demo = Map.of(
                "lethe.security.public-jwks", "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"y2d6U7fGuSwiyv4x9Ka_zMcggZF7\"}]}",
                "lethe.crypto.kek.keys.local-kek-1", "bG9jYWwtZGVtby1rZXk+/w==",
                "lethe.policy.sources.crm.purposes[0]", "order-fulfilment-and-marketing");
        Map<String, String> running = Map.of(
                "lethe.crypto.kek.keys.prod-1", "bG9jYWwtZGVtby1rZXk-_w",
                "lethe.audit.checkpoint.retired-public-keys[0]", "x",
                "some.jwks", "{ \"keys\": [ { \"n\": \"y2d6U7fGuSwiyv4x9Ka_zMcggZF7\" } ] }",
                "lethe.topics.commands", "order-fulfilment-and-marketing");

        assertThat(WellKnownSecrets.carrying(WellKnownSecrets.keyMaterial(demo), running))
                .as("non-secret demo settings are no key material")
                .containsExactly("lethe.crypto.kek.keys.prod-1", "some.jwks");
    }

    @Test
    void aPkcs11PinIsASecret() {
        assertThat(WellKnownSecrets.isSecret("lethe.crypto.kek.pkcs11.pin")).isTrue();
        assertThat(WellKnownSecrets.isSecret("lethe.crypto.kek.pkcs11.slot")).isFalse();
    }
}
