package dev.lethe.support.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class IdentityAutoConfigurationTest {

    @Test
    void withoutABlindIndexKeyTheServiceRefusesToStartNamingTheSetting() {
        assertThatThrownBy(() -> new IdentityAutoConfiguration().blindIndex(new IdentityProperties("")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lethe.identity.blind-index-key")
                .hasMessageContaining("LETHE_BLIND_INDEX_KEY");
    }

    @Test
    void aKeyShorterThan32BytesIsRefusedWithoutEchoingIt() {
        String shortKey = Base64.getEncoder().encodeToString("too-short-secret".getBytes());

        assertThatThrownBy(() -> new IdentityAutoConfiguration().blindIndex(new IdentityProperties(shortKey)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 32 bytes")
                .hasMessageNotContaining(shortKey);
    }

    @Test
    void thePropertiesNeverPrintTheKey() {
        String key = "bG9jYWwtZGVtby1ibGluZC1pbmRleC1rZXktMDAwMDE=";

        assertThat(new IdentityProperties(key).toString()).doesNotContain(key);
    }
}
