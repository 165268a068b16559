package dev.lethe.local.forgetting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the test vector of docs/crypto-shredding.md §3, planted the way PostgreSQL lays out a row. */
class WrappedKeyScraperTest {

    private static final String SUBJECT = "3f1c2a9e-0d4b-4c55-9a57-6f0b2a6d8e11";
    private static final String KEY_ID = "6d2f4a51-8c0e-4f7b-b1a3-2e9d5c7f0a64";
    private static final byte[] KEK = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final byte[] WRAPPED = HexFormat.of().parseHex("000102030405060708090a0b6723f438e1c0e43ca568bda09dc4"
            + "5642b3e7b507c44e694b005edfbe21543e8d5a2ef7e907d8586c99eff668d3339ed6");

    @TempDir
    Path directory;

    @Test
    void theDocumentedAssociatedDataIsTheOneTheVectorWasWrappedWith() {
        assertThat(HexFormat.of().formatHex(WrappedKeyScraper.aad(SUBJECT, KEY_ID, "kek-2026-01"))).isEqualTo(
                "0000000c6c657468653a64656b3a7631"
                        + "0000002433663163326139652d306434622d346335352d396135372d366630623261366438653131"
                        + "0000002436643266346135312d386330652d346637622d623161332d326539643563376630613634"
                        + "0000000b6b656b2d323032362d3031");
    }

    @Test
    void unwrapsAKeyRowFromRawBytesWithTheKeyIdOnlyInBinaryAsAUuidColumnStoresIt() throws IOException {
        Path heap = Files.write(directory.resolve("16384"), RawFileScanTest.concat(RawFileScanTest.junk(5000),
                varlena(SUBJECT.getBytes(StandardCharsets.UTF_8)), binary(UUID.fromString(KEY_ID)),
                varlena("kek-2026-01".getBytes(StandardCharsets.UTF_8)), varlena(WRAPPED), RawFileScanTest.junk(5000)));

        List<WrappedKeyScraper.Recovered> recovered = new WrappedKeyScraper(Map.of("kek-2026-01", KEK))
                .recover(SUBJECT, List.of(directory));

        assertThat(recovered).singleElement().satisfies(copy -> {
            assertThat(copy.file()).isEqualTo(heap);
            assertThat(copy.kekId()).isEqualTo("kek-2026-01");
            assertThat(copy.keyId()).isEqualTo(KEY_ID);
            assertThat(copy.offset()).isEqualTo(5000 + 37 + 16 + 12 + 1);
        });
    }

    @Test
    void takesTheKeyIdFromAnEventsKidElsewhereAndFindsNothingWithAKekThatIsNotTheOne() throws IOException {
        Files.write(directory.resolve("events"), RawFileScanTest.concat(RawFileScanTest.junk(300),
                ("{\"customerId\":\"" + SUBJECT + "\",\"email\":{\"lethe:enc\":\"v1\",\"kid\":\"" + KEY_ID + "\"}}")
                        .getBytes(StandardCharsets.UTF_8)));
        Files.write(directory.resolve("wal"), RawFileScanTest.concat(RawFileScanTest.junk(300),
                SUBJECT.getBytes(StandardCharsets.UTF_8), RawFileScanTest.junk(40), WRAPPED, RawFileScanTest.junk(300)));

        assertThat(new WrappedKeyScraper(Map.of("kek-2026-01", KEK)).recover(SUBJECT, List.of(directory)))
                .extracting(WrappedKeyScraper.Recovered::keyId).containsExactly(KEY_ID);
        byte[] anotherKek = KEK.clone();
        anotherKek[0] ^= 1;
        assertThat(new WrappedKeyScraper(Map.of("kek-2026-01", anotherKek, "kek-2027-01", KEK))
                .recover(SUBJECT, List.of(directory))).as("a destroyed KEK leaves noise").isEmpty();
    }

    private static byte[] varlena(byte[] value) {
        return RawFileScanTest.concat(new byte[] {(byte) ((value.length + 1) << 1 | 1)}, value);
    }

    private static byte[] binary(UUID uuid) {
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
    }
}
