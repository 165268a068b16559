package dev.lethe.query.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The query service reads its own demo file; the rule itself is tested in the command service and shared-events. */
class DemoSecretsGuardTest {

    private static final String DEMO_KEK = "bG9jYWwtZGVtby1rZXktZW5jcnlwdGlvbi1rZXktMDE=";

    @Test
    void aRealProfileWithTheDemoKeyEncryptionKeyIsRefusedNamingTheSettingNotTheValue() {
        MockEnvironment production = new MockEnvironment()
                .withProperty("lethe.crypto.kek.keys.local-kek-1", DEMO_KEK)
                .withProperty("lethe.audit.checkpoint.private-key", "bXktb3duLXNlY3JldA==");
        production.setActiveProfiles("production");

        assertThatThrownBy(() -> new DemoSecretsGuard(production))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[lethe.crypto.kek.keys.local-kek-1]")
                .hasMessageNotContaining(DEMO_KEK);
    }
}
