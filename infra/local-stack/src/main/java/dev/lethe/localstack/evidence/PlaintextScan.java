package dev.lethe.localstack.evidence;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Looks for a piece of personal data in raw bytes in every form it could have been written in: plain
 * UTF-8, hex (as {@code pg_dump} writes {@code bytea}), base64 (as JSON carries bytes) and URL-encoded.
 */
public final class PlaintextScan {

    private PlaintextScan() {
    }

    /** @return the forms of {@code canary} found in {@code haystack}, e.g. {@code [plain, hex]} */
    public static List<String> formsFound(String haystack, String canary) {
        byte[] bytes = canary.getBytes(StandardCharsets.UTF_8);
        String lowerHaystack = haystack.toLowerCase(Locale.ROOT);
        List<String> found = new ArrayList<>();
        if (haystack.contains(canary)) {
            found.add("plain");
        }
        if (lowerHaystack.contains(HexFormat.of().formatHex(bytes))) {
            found.add("hex");
        }
        // base64 of the value at each of the three alignments it can have inside a longer encoded string:
        // only the 4-character groups made of the value's bytes alone are the same in every context
        for (int shift = 0; shift < 3; shift++) {
            byte[] shifted = new byte[shift + bytes.length];
            System.arraycopy(bytes, 0, shifted, shift, bytes.length);
            String encoded = Base64.getEncoder().encodeToString(shifted);
            String stable = encoded.substring(shift == 0 ? 0 : 4, ((shift + bytes.length) / 3) * 4);
            if (stable.length() >= 4 && haystack.contains(stable)) {
                found.add("base64");
                break;
            }
        }
        String urlEncoded = URLEncoder.encode(canary, StandardCharsets.UTF_8);
        if (!urlEncoded.equals(canary) && haystack.contains(urlEncoded)) {
            found.add("url-encoded");
        }
        return found;
    }
}
