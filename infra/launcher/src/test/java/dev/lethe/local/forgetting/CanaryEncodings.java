package dev.lethe.local.forgetting;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every byte sequence a piece of personal data could leave in a file: as written, lower- and upper-cased (the
 * services normalise emails and names for matching), hex in both cases (how tools dump bytes), base64 standard and
 * URL-safe at each of the three alignments it can have inside a longer encoded string (with or without padding:
 * only the groups made of the value's own bytes are searched, and padding can only follow them), and URL-encoded.
 */
public final class CanaryEncodings {

    /** Shorter values match by chance in binary files; canaries are made long enough not to. */
    static final int MIN_LENGTH = 8;

    private CanaryEncodings() {
    }

    /** @return the form's name (e.g. {@code base64url+1}) to the bytes that form leaves, without duplicates */
    public static Map<String, byte[]> forms(String canary) {
        if (canary.getBytes(StandardCharsets.UTF_8).length < MIN_LENGTH) {
            throw new IllegalArgumentException("a canary needs at least " + MIN_LENGTH + " bytes");
        }
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("plain", canary);
        texts.put("lower-case", canary.toLowerCase(Locale.ROOT));
        texts.put("upper-case", canary.toUpperCase(Locale.ROOT));
        Map<String, byte[]> forms = new LinkedHashMap<>();
        for (Map.Entry<String, String> text : texts.entrySet()) {
            String prefix = text.getKey().equals("plain") ? "" : text.getKey() + " ";
            byte[] bytes = text.getValue().getBytes(StandardCharsets.UTF_8);
            add(forms, prefix + "plain", bytes);
            add(forms, prefix + "hex", HexFormat.of().formatHex(bytes));
            add(forms, prefix + "HEX", HexFormat.of().withUpperCase().formatHex(bytes));
            for (int shift = 0; shift < 3; shift++) {
                add(forms, prefix + "base64+" + shift, alignedBase64(Base64.getEncoder(), bytes, shift));
                add(forms, prefix + "base64url+" + shift, alignedBase64(Base64.getUrlEncoder(), bytes, shift));
            }
        }
        String formEncoded = URLEncoder.encode(canary, StandardCharsets.UTF_8);
        add(forms, "url-encoded", formEncoded);
        add(forms, "url-encoded %20", formEncoded.replace("+", "%20"));
        add(forms, "url-encoded lower-case escapes", lowerCaseEscapes(formEncoded.replace("+", "%20")));
        return forms;
    }

    /**
     * The part of the base64 encoding of {@code bytes}, preceded by {@code shift} other bytes, that does not depend
     * on the bytes around them: the 4-character groups made of the value's bytes alone.
     */
    static String alignedBase64(Base64.Encoder encoder, byte[] bytes, int shift) {
        byte[] shifted = new byte[shift + bytes.length];
        System.arraycopy(bytes, 0, shifted, shift, bytes.length);
        String encoded = encoder.encodeToString(shifted);
        return encoded.substring(shift == 0 ? 0 : 4, ((shift + bytes.length) / 3) * 4);
    }

    private static String lowerCaseEscapes(String urlEncoded) {
        StringBuilder out = new StringBuilder(urlEncoded);
        for (int i = out.indexOf("%"); i >= 0 && i + 2 < out.length(); i = out.indexOf("%", i + 1)) {
            out.replace(i + 1, i + 3, out.substring(i + 1, i + 3).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }

    private static void add(Map<String, byte[]> forms, String name, String value) {
        add(forms, name, value.getBytes(StandardCharsets.US_ASCII));
    }

    private static void add(Map<String, byte[]> forms, String name, byte[] value) {
        if (forms.values().stream().noneMatch(existing -> java.util.Arrays.equals(existing, value))) {
            forms.put(name, value);
        }
    }
}
