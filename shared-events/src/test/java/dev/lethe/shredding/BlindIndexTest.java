package dev.lethe.shredding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BlindIndexTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    private final BlindIndex index = BlindIndex.fromBase64(KEY);

    @Test
    void differentlyFormattedEmailsOfOnePersonMeet() {
        assertThat(index.email(" Erika.Mustermann@Example.ORG ")).isEqualTo(index.email("erika.mustermann@example.org"));
        assertThat(index.email("erika@example.org")).isNotEqualTo(index.email("erik@example.org"));
    }

    @Test
    void differentlyFormattedPhonesOfOnePersonMeet() {
        byte[] e164 = index.phone("+49301234567");
        assertThat(index.phone("+49 30 1234567")).isEqualTo(e164);
        assertThat(index.phone("0049-30-123 45 67")).isEqualTo(e164);
        assertThat(index.phone("+49 (30) 123.4567")).isEqualTo(e164);
    }

    @Test
    void aDigestIsTheDocumentedHmacOfTheLabelledValue() {
        // HMAC-SHA-256(key = 32 zero bytes, "email:erika@example.org"), computed independently with Python's hmac
        assertThat(HexFormat.of().formatHex(index.email("Erika@Example.org")))
                .isEqualTo("c3f17e188c556aef0f028a03dd02a0fce4a946a1abec4eb546481e7ce0101946");
    }

    @Test
    void aSuppressionEntryIsTheDocumentedHmacOfTheLabelledMatchKeyAndJoinsWithNothing() {
        byte[] matchKey = index.email("Erika@Example.org");
        // HMAC-SHA-256(32 zero bytes, "suppress-email:" + hex(match key)), computed independently with Python's hmac
        assertThat(HexFormat.of().formatHex(index.suppression("email", matchKey)))
                .isEqualTo("191b8aac9d351400847e92892633f53e74db01dc282744b7e430bd521bb45058");
        assertThat(index.suppression("email", matchKey)).isNotEqualTo(matchKey)
                .isNotEqualTo(index.suppression("phone", matchKey));
        assertThatThrownBy(() -> index.suppression("name", matchKey)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kindsAndKeysSeparateDigests() {
        assertThat(index.sourceRecord("crm", "x@y.z")).isNotEqualTo(index.email("x@y.z"));
        assertThat(index.sourceRecord("crm", "c-1")).isNotEqualTo(index.sourceRecord("webshop", "c-1"));
        BlindIndex other = BlindIndex.fromBase64(Base64.getEncoder().encodeToString(new byte[]{
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
                28, 29, 30, 31, 32}));
        assertThat(other.email("erika@example.org")).isNotEqualTo(index.email("erika@example.org"));
    }

    @Test
    void aNumberWithoutCountryCodeIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> index.phone("030 1234567"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("1234567");
    }

    @Test
    void shortOrMalformedKeysAreRefused() {
        assertThatThrownBy(() -> BlindIndex.fromBase64(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> BlindIndex.fromBase64("not base64 !")).hasMessageContaining("not valid Base64");
        assertThatThrownBy(() -> BlindIndex.fromBase64("")).hasMessageContaining("no blind-index key");
    }
}
