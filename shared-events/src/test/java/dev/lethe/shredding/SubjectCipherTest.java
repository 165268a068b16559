package dev.lethe.shredding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SubjectCipherTest {

    private static final byte[] DEK = HexFormat.of().parseHex(
            "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f");
    private final DataKey erika = new DataKey("customer-1", "key-1", DEK);
    private final byte[] plaintext = "erika@example.org".getBytes(StandardCharsets.UTF_8);

    @Test
    void opensWhatItSealedAndDrawsAFreshNonceEachTime() throws Exception {
        byte[] sealed = SubjectCipher.seal(erika, plaintext, "lethe:view:v1", "customer_field", "value", "EMAIL");

        assertThat(SubjectCipher.open(erika, sealed, "lethe:view:v1", "customer_field", "value", "EMAIL"))
                .isEqualTo(plaintext);
        assertThat(SubjectCipher.seal(erika, plaintext, "lethe:view:v1", "customer_field", "value", "EMAIL"))
                .isNotEqualTo(sealed);
    }

    @Test
    void theAssociatedDataIsDomainSubjectThenContextLengthPrefixed() throws Exception {
        byte[] sealed = SubjectCipher.seal(erika, plaintext, "lethe:view:v1", "t", "c");

        // an independent reader needs only AES-GCM and the documented encoding
        assertThat(AesGcm.decrypt(new SecretKeySpec(DEK, "AES"), sealed,
                Aad.of("lethe:view:v1", "customer-1", "t", "c"))).isEqualTo(plaintext);
    }

    @Test
    void aValueCannotMoveToAnotherPersonPlaceOrDomain() {
        byte[] sealed = SubjectCipher.seal(erika, plaintext, "lethe:view:v1", "customer_field", "value", "EMAIL");
        DataKey sameBytesOtherSubject = new DataKey("customer-2", "key-1", DEK);

        assertThatThrownBy(() -> SubjectCipher.open(sameBytesOtherSubject, sealed, "lethe:view:v1", "customer_field",
                "value", "EMAIL")).isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> SubjectCipher.open(erika, sealed, "lethe:view:v1", "customer_field", "value", "PHONE"))
                .isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> SubjectCipher.open(erika, sealed, "lethe:view:v2", "customer_field", "value", "EMAIL"))
                .isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void theEventFormatsDomainsAreReserved() {
        assertThatThrownBy(() -> SubjectCipher.seal(erika, plaintext, Aad.FIELD_V1, "email"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> SubjectCipher.seal(erika, plaintext, Aad.DATA_KEY_V1, "key-1", "kek"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
    }
}
