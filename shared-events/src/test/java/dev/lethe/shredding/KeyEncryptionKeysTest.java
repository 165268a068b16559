package dev.lethe.shredding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyEncryptionKeysTest {

    static final String KEY_A = Base64.getEncoder().encodeToString(new byte[32]);
    static final String KEY_B = Base64.getEncoder().encodeToString(AesGcm.newKey());

    @Test
    void toStringShowsIdsNeverKeys() {
        KeyEncryptionKeys keks = KeyEncryptionKeys.fromBase64("b", Map.of("a", KEY_A, "b", KEY_B));

        assertThat(keks.toString()).contains("current=b", "a", "***").doesNotContain(KEY_A, KEY_B);
        assertThat(keks.ids()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void rejectsWrongSizesBadBase64AndAMissingCurrentIdWithoutQuotingKeys() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> KeyEncryptionKeys.fromBase64("a", Map.of("a", shortKey)))
                .hasMessageContaining("32 bytes").hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> KeyEncryptionKeys.fromBase64("a", Map.of("a", "not base64 %%")))
                .hasMessageContaining("not valid Base64").hasMessageNotContaining("%%");
        assertThatThrownBy(() -> KeyEncryptionKeys.fromBase64("c", Map.of("a", KEY_A)))
                .hasMessageContaining("'c'");
        assertThatThrownBy(() -> KeyEncryptionKeys.fromBase64("a b", Map.of("a b", KEY_A)))
                .hasMessageContaining("id must match");
    }

    @Test
    void unwrapsOnlyWithTheKekAndBindingItWasWrappedWith() {
        KeyEncryptionKeys keks = KeyEncryptionKeys.fromBase64("a", Map.of("a", KEY_A, "b", KEY_B));
        byte[] dek = AesGcm.newKey();
        byte[] wrapped = keks.wrap("a", "subject", "key-1", dek);

        assertThat(keks.unwrap("a", "subject", "key-1", wrapped)).isEqualTo(dek);
        assertThatThrownBy(() -> keks.unwrap("b", "subject", "key-1", wrapped))
                .isInstanceOf(KeyVaultException.class).hasMessageContaining("key-1");
        assertThatThrownBy(() -> keks.unwrap("a", "other", "key-1", wrapped))
                .isInstanceOf(KeyVaultException.class);
        assertThatThrownBy(() -> keks.unwrap("x", "subject", "key-1", wrapped))
                .isInstanceOf(KeyVaultException.class).hasMessageContaining("not configured");
    }
}
