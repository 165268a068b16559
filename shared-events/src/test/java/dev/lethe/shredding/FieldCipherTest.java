package dev.lethe.shredding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

/**
 * Includes the test vectors published in docs/crypto-shredding.md. They were produced independently with
 * Python's {@code cryptography} package, so these tests also check that the documented format is the one
 * implemented.
 */
class FieldCipherTest {

    static final String KEK_ID = "kek-2026-01";
    static final String KEK_BASE64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    static final String SUBJECT = "3f1c2a9e-0d4b-4c55-9a57-6f0b2a6d8e11";
    static final String KEY_ID = "6d2f4a51-8c0e-4f7b-b1a3-2e9d5c7f0a64";
    static final byte[] DEK = HexFormat.of().parseHex(
            "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f");
    static final String WRAPPED_HEX = "000102030405060708090a0b6723f438e1c0e43ca568bda09dc45642b3e7b507c44e694b"
            + "005edfbe21543e8d5a2ef7e907d8586c99eff668d3339ed6";
    static final String EMAIL_CT = "oKGio6SlpqeoqaqrXF3AVYSy+MvMWMHfCDIEwbMU949UE6i9b3cxSLNw1gLz";
    static final String ADDRESS_CT = "sLGys7S1tre4ubq7TdhZM+BGrXoQNz/LMR3OQrZ5w/bvO7NCwBfeLbRVaP047yGbpol3SoILf2j+"
            + "m75zgMi/Xx9HQjp0Pga4JcJ9UjCVz6Mou6tUN7HjYTQ4afoMhzYaEf9OBfla3HnAEx0JTM7R7UiSyUc=";
    static final String EVENT_ID = "9b1f0e52-7c3d-4a8e-b6f1-2d4c8a0e5f37";
    static final EventBinding EVENT = new EventBinding(EVENT_ID, "dev.lethe.contract.customer.CustomerRegistered");
    static final String EMAIL_CT_V2 = "wMHCw8TFxsfIycrLSPJdkMMKM4oXVTLeB7Kxa6NrZBNWXyLpPgmg1J0eUGjA";
    static final String ADDRESS_JSON =
            "{\"street\":\"12 St James's Square\",\"postalCode\":\"SW1Y 4JH\",\"city\":\"London\",\"country\":\"GB\"}";

    private final DataKey key = new DataKey(SUBJECT, KEY_ID, DEK);

    @Test
    void documentedDataKeyWrappingVector() {
        KeyEncryptionKeys keks = KeyEncryptionKeys.fromBase64(KEK_ID, Map.of(KEK_ID, KEK_BASE64));
        byte[] wrapped = HexFormat.of().parseHex(WRAPPED_HEX);

        assertThat(keks.unwrap(KEK_ID, SUBJECT, KEY_ID, wrapped)).isEqualTo(DEK);
        assertThat(AesGcm.encrypt(new javax.crypto.spec.SecretKeySpec(Base64.getDecoder().decode(KEK_BASE64), "AES"),
                HexFormat.of().parseHex("000102030405060708090a0b"), DEK,
                Aad.forDataKey(SUBJECT, KEY_ID, KEK_ID)))
                .isEqualTo(wrapped);
    }

    @Test
    void documentedAssociatedDataBytes() {
        assertThat(HexFormat.of().formatHex(Aad.forField(SUBJECT, "email"))).isEqualTo(
                "0000000c6c657468653a656e633a7631"
                        + "0000002433663163326139652d306434622d346335352d396135372d366630623261366438653131"
                        + "00000005656d61696c");
    }

    @Test
    void documentedAssociatedDataBytesOfFormatV2() {
        assertThat(HexFormat.of().formatHex(Aad.forField(SUBJECT, "email", EVENT))).isEqualTo(
                "0000000c6c657468653a656e633a7632"
                        + "0000002433663163326139652d306434622d346335352d396135372d366630623261366438653131"
                        + "00000005656d61696c"
                        + "0000002439623166306535322d376333642d346138652d623666312d326434633861306535663337"
                        + "0000002e6465762e6c657468652e636f6e74726163742e637573746f6d65722e437573746f6d657252"
                        + "656769737465726564");
    }

    @Test
    void documentedFieldVectorOfFormatV2() throws Exception {
        EncryptedField email = new EncryptedField("v2", KEY_ID, Base64.getDecoder().decode(EMAIL_CT_V2));

        assertThat(new String(FieldCipher.decrypt(key, "email", EVENT, email), StandardCharsets.UTF_8))
                .isEqualTo("\"ada@example.org\"");
        assertThat(FieldCipher.encryptWithNonce(key, "email", EVENT,
                "\"ada@example.org\"".getBytes(StandardCharsets.UTF_8),
                HexFormat.of().parseHex("c0c1c2c3c4c5c6c7c8c9cacb")))
                .isEqualTo(email);
        assertThat(email.toJson().toString()).isEqualTo(
                "{\"lethe:enc\":\"v2\",\"kid\":\"" + KEY_ID + "\",\"ct\":\"" + EMAIL_CT_V2 + "\"}");
    }

    @Test
    void aFieldOfFormatV2AuthenticatesInItsOwnEventOnly() {
        EncryptedField email = new EncryptedField("v2", KEY_ID, Base64.getDecoder().decode(EMAIL_CT_V2));
        EventBinding laterEvent = new EventBinding("0c6a3f7e-5b21-4d8f-9e40-7a1b2c3d4e5f", EVENT.eventType());
        EventBinding otherType = new EventBinding(EVENT_ID, "dev.lethe.contract.customer.ContactDetailsChanged");

        assertThatThrownBy(() -> FieldCipher.decrypt(key, "email", laterEvent, email))
                .isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> FieldCipher.decrypt(key, "email", otherType, email))
                .isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void documentedFieldVectors() throws Exception {
        EncryptedField email = new EncryptedField("v1", KEY_ID, Base64.getDecoder().decode(EMAIL_CT));
        EncryptedField address = new EncryptedField("v1", KEY_ID, Base64.getDecoder().decode(ADDRESS_CT));

        assertThat(new String(FieldCipher.decrypt(key, "email", null, email), StandardCharsets.UTF_8))
                .isEqualTo("\"ada@example.org\"");
        assertThat(new String(FieldCipher.decrypt(key, "postalAddress", EVENT, address), StandardCharsets.UTF_8))
                .as("a v1 field binds no event, whichever it is read from").isEqualTo(ADDRESS_JSON);
        assertThat(FieldCipher.encryptWithNonce(key, "email", null,
                "\"ada@example.org\"".getBytes(StandardCharsets.UTF_8),
                HexFormat.of().parseHex("a0a1a2a3a4a5a6a7a8a9aaab")))
                .isEqualTo(email);
        assertThat(email.toJson().toString()).isEqualTo(
                "{\"lethe:enc\":\"v1\",\"kid\":\"" + KEY_ID + "\",\"ct\":\"" + EMAIL_CT + "\"}");
    }

    @Test
    void everyFlippedBitFailsAuthentication() throws Exception {
        byte[] sealed = FieldCipher.encrypt(key, "email", EVENT,
                "\"ada@example.org\"".getBytes(StandardCharsets.UTF_8)).sealed();

        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            EncryptedField field = new EncryptedField("v2", KEY_ID, tampered);
            assertThatThrownBy(() -> FieldCipher.decrypt(key, "email", EVENT, field))
                    .as("byte %d flipped", i).isInstanceOf(AEADBadTagException.class);
        }
        EncryptedField truncated = new EncryptedField("v2", KEY_ID, Arrays.copyOf(sealed, 20));
        assertThatThrownBy(() -> FieldCipher.decrypt(key, "email", EVENT, truncated))
                .isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void associatedDataBindsFieldAndSubject() {
        EncryptedField email = FieldCipher.encrypt(key, "email", EVENT, "\"x\"".getBytes(StandardCharsets.UTF_8));
        DataKey sameBytesOtherSubject = new DataKey("someone-else", KEY_ID, DEK);

        assertThatThrownBy(() -> FieldCipher.decrypt(key, "name", EVENT, email))
                .isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> FieldCipher.decrypt(sameBytesOtherSubject, "email", EVENT, email))
                .isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void noNonceRepeatsOverAMillionEncryptions() {
        int count = 1_000_000;
        long[] high = new long[count];
        int[] low = new int[count];
        byte[] plaintext = "\"a\"".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < count; i++) {
            ByteBuffer nonce = ByteBuffer.wrap(FieldCipher.encrypt(key, "email", EVENT, plaintext).sealed(), 0, 12);
            high[i] = nonce.getLong();
            low[i] = nonce.getInt();
        }

        assertThat(repeatedNonces(high, low)).isZero();
    }

    /** Sorts the first 64 bits only; the rare equal prefixes are then compared in full. */
    private static int repeatedNonces(long[] high, int[] low) {
        long[] sorted = high.clone();
        Arrays.sort(sorted);
        int repeats = 0;
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                repeats += fullRepeats(sorted[i], high, low);
            }
        }
        return repeats;
    }

    private static int fullRepeats(long prefix, long[] high, int[] low) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        int repeats = 0;
        for (int i = 0; i < high.length; i++) {
            if (high[i] == prefix && !seen.add(low[i])) {
                repeats++;
            }
        }
        return repeats;
    }
}
