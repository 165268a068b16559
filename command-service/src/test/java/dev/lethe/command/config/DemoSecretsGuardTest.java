package dev.lethe.command.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class DemoSecretsGuardTest {

    private static final String DEMO_KEK = "bG9jYWwtZGVtby1rZXktZW5jcnlwdGlvbi1rZXktMDE=";

    @Test
    void aRealProfileWithTheDemoKeyEncryptionKeyIsRefusedNamingTheSettingNotTheValue() {
        MockEnvironment production = new MockEnvironment()
                .withProperty("lethe.crypto.kek.keys.local-kek-1", DEMO_KEK)
                .withProperty("lethe.identity.blind-index-key", "bXktb3duLXNlY3JldA==");
        production.setActiveProfiles("production");

        assertThatThrownBy(() -> new DemoSecretsGuard(production))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[lethe.crypto.kek.keys.local-kek-1]")
                .hasMessageNotContaining(DEMO_KEK);
    }

    @Test
    void theDemoProfileMayUseItsOwnValuesAndARealProfileItsOwnSecrets() {
        MockEnvironment demo = new MockEnvironment().withProperty("lethe.crypto.kek.keys.local-kek-1", DEMO_KEK);
        demo.setActiveProfiles("local");
        MockEnvironment production = new MockEnvironment()
                .withProperty("lethe.crypto.kek.keys.prod-2026", "bXktb3duLWtlay1mb3ItcHJvZHVjdGlvbi0wMDAwMDE=");
        production.setActiveProfiles("production");

        assertThatCode(() -> new DemoSecretsGuard(demo)).doesNotThrowAnyException();
        assertThatCode(() -> new DemoSecretsGuard(production)).doesNotThrowAnyException();
    }
}
