package dev.lethe.local.forgetting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanaryEncodingsTest {

    @Test
    void everyAlignedBase64FormIsPartOfTheEncodingOfAnyTextAroundTheValue() {
        byte[] value = "Kanarie Qxwzvjrpl".getBytes(StandardCharsets.UTF_8);
        for (int before = 0; before < 6; before++) {
            byte[] embedded = RawFileScanTest.concat(RawFileScanTest.junk(before), value, RawFileScanTest.junk(2));
            String standard = Base64.getEncoder().encodeToString(embedded);
            String urlSafe = Base64.getUrlEncoder().encodeToString(embedded);
            int shift = before % 3;

            assertThat(standard).as("shift %d", shift).contains(CanaryEncodings.alignedBase64(Base64.getEncoder(), value, shift));
            assertThat(urlSafe).contains(CanaryEncodings.alignedBase64(Base64.getUrlEncoder(), value, shift));
        }
    }

    @Test
    void namesEachDistinctFormOnceAndRefusesShortCanaries() {
        Map<String, byte[]> forms = CanaryEncodings.forms("canary.qxwzvjrpl@example.org");

        assertThat(forms).containsKeys("plain", "hex", "HEX", "base64+0", "base64+1", "base64+2", "url-encoded",
                "upper-case plain");
        assertThat(forms).as("already lower case: the same bytes as plain").doesNotContainKey("lower-case plain");
        assertThat(new String(forms.get("url-encoded"), StandardCharsets.US_ASCII)).isEqualTo("canary.qxwzvjrpl%40example.org");
        assertThatThrownBy(() -> CanaryEncodings.forms("short")).isInstanceOf(IllegalArgumentException.class);
    }
}
