package dev.lethe.support.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.shredding.WellKnownSecrets;
import dev.lethe.support.testapp.SupportTestApplication;
import java.io.InputStream;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.env.MockEnvironment;

/**
 * Every secret of the demo file, each on its own, stops a real start-up outside the local profile before any bean
 * exists, and the message names the setting, never the value. The demo file here is the test application's, with the
 * same public values as the services' (both services' secrets: keys, the token issuer's key set, the audit
 * checkpoint key pair); the guard reads whichever {@code application-local.yml} the service ships.
 */
class DemoSecretsGuardTest {

    static Stream<Map.Entry<String, String>> demoSecrets() throws Exception {
        return demoSettings().entrySet().stream().filter(setting -> WellKnownSecrets.isSecret(setting.getKey()));
    }

    @Test
    void theDemoFileHoldsTheSecretsThisTestIsAbout() throws Exception {
        assertThat(demoSecrets().map(Map.Entry::getKey)).contains("lethe.crypto.kek.keys.local-kek-1",
                "lethe.identity.blind-index-key", "lethe.security.public-jwks",
                "lethe.audit.checkpoint.private-key", "lethe.audit.checkpoint.public-key");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("demoSecrets")
    void aStartUpWithThisDemoSecretAndWithoutTheLocalProfileFailsNamingTheSettingNotTheValue(
            Map.Entry<String, String> secret) {
        assertThatThrownBy(() -> start("--" + secret.getKey() + "=" + secret.getValue()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("refusing to start: [" + secret.getKey() + "]")
                .hasMessageNotContaining(secret.getValue());
    }

    @Test
    void aDemoKeyUnderAnotherNameIsRefusedToo() throws Exception {
        String demoKek = demoSettings().get("lethe.crypto.kek.keys.local-kek-1");

        assertThatThrownBy(() -> start("--lethe.crypto.kek.keys.prod-2027=" + demoKek,
                "--lethe.crypto.kek.current-id=prod-2027"))
                .hasMessageStartingWith("refusing to start: [lethe.crypto.kek.keys.prod-2027]")
                .hasMessageNotContaining(demoKek);
    }

    @Test
    void theDemoTokenIssuersKeyInAReformattedKeySetIsRefused() throws Exception {
        String jwks = demoSettings().get("lethe.security.public-jwks");
        String modulus = jwks.replaceAll(".*\"n\":\"([^\"]+)\".*", "$1");
        String reformatted = "{ \"keys\": [ { \"n\": \"" + modulus + "\", \"e\": \"AQAB\", \"kty\": \"RSA\" } ] }";

        assertThatThrownBy(() -> start("--lethe.security.public-jwks=" + reformatted))
                .hasMessageStartingWith("refusing to start: [lethe.security.public-jwks]")
                .hasMessageNotContaining(modulus);
    }

    @Test
    void theDemoCheckpointKeyAmongTheRetiredKeysIsRefused() throws Exception {
        String demoPublic = demoSettings().get("lethe.audit.checkpoint.public-key");

        assertThatThrownBy(() -> start("--lethe.audit.checkpoint.retired-public-keys[0]=" + demoPublic))
                .hasMessageStartingWith("refusing to start: [lethe.audit.checkpoint.retired-public-keys[0]]")
                .hasMessageNotContaining(demoPublic);
    }

    @Test
    void theDemoProfileMayUseItsOwnValuesAndARealProfileItsOwnSecrets() throws Exception {
        MockEnvironment demo = new MockEnvironment();
        demoSettings().forEach(demo::withProperty);
        demo.setActiveProfiles("local");
        MockEnvironment production = new MockEnvironment()
                .withProperty("lethe.crypto.kek.keys.prod-2026", "bXktb3duLWtlay1mb3ItcHJvZHVjdGlvbi0wMDAwMDE=")
                .withProperty("lethe.identity.blind-index-key", "bXktb3duLWJsaW5kLWluZGV4LWtleS0wMDAwMDAwMDE=");
        production.setActiveProfiles("production");

        assertThatCode(() -> DemoSecretsGuard.check(demo)).doesNotThrowAnyException();
        assertThatCode(() -> DemoSecretsGuard.check(production)).doesNotThrowAnyException();
    }

    /** A real start-up as an operator runs a service, up to the guard (no database or broker is needed). */
    private static void start(String... args) {
        new SpringApplicationBuilder(SupportTestApplication.class).web(WebApplicationType.NONE)
                .profiles("production").logStartupInfo(false).run(args).close();
    }

    private static Map<String, String> demoSettings() throws Exception {
        try (InputStream demo = new ClassPathResource(DemoSecretsGuard.DEMO_FILE).getInputStream()) {
            return WellKnownSecrets.settingsOf(demo);
        }
    }
}
