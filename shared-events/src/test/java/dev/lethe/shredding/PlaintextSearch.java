package dev.lethe.shredding;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * Searches stored bytes for plaintext the way a dump would show it: as text, as hex ({@code pg_dump} writes
 * bytea so) and as Base64 at each of the three byte alignments.
 */
public final class PlaintextSearch {

    private PlaintextSearch() {
    }

    public static void assertAbsent(byte[] stored, Collection<String> plaintexts) {
        String text = new String(stored, StandardCharsets.ISO_8859_1);
        String hex = HexFormat.of().formatHex(stored);
        for (String plaintext : plaintexts) {
            byte[] bytes = plaintext.getBytes(StandardCharsets.UTF_8);
            assertThat(text).as("plain form of a personal value").doesNotContain(plaintext);
            assertThat(hex).as("hex form of a personal value")
                    .doesNotContainIgnoringCase(HexFormat.of().formatHex(bytes));
            for (String base64 : base64Forms(bytes)) {
                assertThat(text).as("Base64 form of a personal value").doesNotContain(base64);
            }
        }
    }

    /** The Base64 characters that depend only on {@code bytes}, when preceded by 0, 1 or 2 other bytes. */
    static List<String> base64Forms(byte[] bytes) {
        List<String> forms = new ArrayList<>();
        for (int offset = 0; offset < 3; offset++) {
            byte[] shifted = new byte[offset + bytes.length];
            System.arraycopy(bytes, 0, shifted, offset, bytes.length);
            String encoded = Base64.getEncoder().withoutPadding().encodeToString(shifted);
            int start = (offset * 8 + 5) / 6;
            int end = (shifted.length * 8) / 6;
            forms.add(encoded.substring(start, end));
        }
        return forms;
    }
}
