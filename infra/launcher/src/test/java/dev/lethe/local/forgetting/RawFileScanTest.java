package dev.lethe.local.forgetting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawFileScanTest {

    private static final String CANARY = "Kanarie Qxwzvjrpl+49@example.org";
    private static final Random RANDOM = new Random(14);

    @TempDir
    Path directory;

    @Test
    void findsACanaryPlantedInBinaryJunkInEveryEncodingItCouldBeWrittenIn() throws IOException {
        byte[] bytes = CANARY.getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> planted = new LinkedHashMap<>();
        planted.put("plain", bytes);
        planted.put("lower-case", CANARY.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        planted.put("upper-case", CANARY.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        planted.put("hex", ascii("\\x" + HexFormat.of().formatHex(bytes)));
        planted.put("HEX", ascii(HexFormat.of().withUpperCase().formatHex(bytes)));
        for (int before = 0; before < 3; before++) {
            for (int after = 0; after < 3; after++) {
                byte[] embedded = concat(junk(before), bytes, junk(after));
                planted.put("base64 " + before + "/" + after, ascii(Base64.getEncoder().encodeToString(embedded)));
                planted.put("base64 unpadded " + before + "/" + after,
                        ascii(Base64.getEncoder().withoutPadding().encodeToString(embedded)));
                planted.put("base64url " + before + "/" + after, ascii(Base64.getUrlEncoder().encodeToString(embedded)));
                planted.put("base64url unpadded " + before + "/" + after,
                        ascii(Base64.getUrlEncoder().withoutPadding().encodeToString(embedded)));
            }
        }
        planted.put("url-encoded", ascii("q=" + URLEncoder.encode(CANARY, StandardCharsets.UTF_8) + "&x=1"));
        planted.put("url-encoded %20", ascii(URLEncoder.encode(CANARY, StandardCharsets.UTF_8).replace("+", "%20")));
        RawFileScan scan = RawFileScan.forCanaries(Map.of("canary", CANARY));

        for (Map.Entry<String, byte[]> encoding : planted.entrySet()) {
            Path file = Files.write(directory.resolve("planted"), concat(junk(1000), encoding.getValue(), junk(1000)));

            assertThat(scan.scan(List.of(directory))).as(encoding.getKey()).isNotEmpty()
                    .allSatisfy(hit -> assertThat(hit.file()).isEqualTo(file))
                    .allSatisfy(hit -> assertThat(hit.needle().label()).isEqualTo("canary"));
        }
    }

    @Test
    void findsNothingWhereTheCanaryIsNotAndFindsItOnceAcrossAChunkBoundary() throws IOException {
        RawFileScan scan = RawFileScan.forCanaries(Map.of("canary", CANARY));
        Files.write(directory.resolve("clean"), junk(100_000));
        assertThat(scan.scan(List.of(directory))).isEmpty();

        byte[] bytes = CANARY.getBytes(StandardCharsets.UTF_8);
        int boundary = 8 << 20;
        Path large = Files.write(directory.resolve("sub-directory-file"),
                concat(new byte[boundary - 5], bytes, new byte[1000], bytes));

        assertThat(scan.scan(List.of(directory, directory.resolve("missing"))))
                .filteredOn(hit -> hit.needle().form().equals("plain"))
                .extracting(RawFileScan.Hit::offset).containsExactly((long) boundary - 5, (long) boundary - 5 + bytes.length + 1000);
        assertThat(scan.scan(List.of(large))).as("a file as root").isNotEmpty();
    }

    static byte[] junk(int length) {
        byte[] junk = new byte[length];
        RANDOM.nextBytes(junk);
        return junk;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
