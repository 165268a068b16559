package dev.lethe.local.forgetting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An independent attacker's tool, written from {@code docs/crypto-shredding.md} §2–§3 alone with JDK crypto only:
 * recovers a data subject's data key from raw files, given key-encryption keys.
 *
 * <p>Wherever the subject id's bytes occur, every 60-byte window within {@link #REACH} bytes either side is tried
 * as {@code nonce(12) || AES-GCM(KEK, DEK)(32) || tag(16)} with each KEK and the documented AAD
 * {@code lp("lethe:dek:v1") || lp(subject) || lp(key id) || lp(KEK id)}. Candidate key ids are every
 * {@code "kid":"<uuid>"} in the files (events carry their key id in the clear, so a person with a data key has it
 * there); only where there is none, every version-4 UUID near each occurrence, in text or in binary (how PostgreSQL
 * stores a {@code uuid} column) — eight times the work, so a fallback. A window that authenticates is the key:
 * GCM's tag cannot verify by chance.
 */
public final class WrappedKeyScraper {

    /** A data key copy that some existing KEK unwraps. */
    public record Recovered(Path file, long offset, String kekId, String keyId) {
    }

    static final int REACH = 256;
    private static final int WRAPPED = 12 + 32 + 16;
    private static final byte[] KID_MEMBER = "\"kid\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    private final Map<String, SecretKeySpec> keks = new LinkedHashMap<>();

    /** @param keks every key-encryption key that still exists, by id */
    public WrappedKeyScraper(Map<String, byte[]> keks) {
        keks.forEach((id, key) -> this.keks.put(id, new SecretKeySpec(key, "AES")));
    }

    /** Every copy of the subject's data key under the roots that one of the KEKs unwraps, once per file and offset. */
    public List<Recovered> recover(String subjectId, Collection<Path> roots) {
        byte[] subject = subjectId.getBytes(StandardCharsets.UTF_8);
        List<RawFileScan.Hit> hits = new RawFileScan(List.of(
                new RawFileScan.Needle("subject", "plain", subject),
                new RawFileScan.Needle("kid", "plain", KID_MEMBER))).scan(roots);
        Set<String> keyIds = new LinkedHashSet<>();
        List<Region> regions = new ArrayList<>();
        Set<ByteBuffer> seen = new java.util.HashSet<>();
        for (RawFileScan.Hit hit : hits) {
            if (hit.needle().label().equals("kid")) {
                byte[] value = read(hit.file(), hit.offset() + KID_MEMBER.length, 36);
                String text = new String(value, StandardCharsets.ISO_8859_1);
                if (UUID_TEXT.matcher(text).matches()) {
                    keyIds.add(text);
                }
            } else {
                long from = Math.max(0, hit.offset() - REACH);
                byte[] bytes = read(hit.file(), from, (int) (hit.offset() - from) + subject.length + REACH);
                // one try per distinct neighbourhood: a tuple is in the heap, its WAL record and full-page images alike
                if (seen.add(ByteBuffer.wrap(bytes))) {
                    regions.add(new Region(hit.file(), from, bytes));
                }
            }
        }
        // neighbourhoods of two nearby occurrences overlap: one copy, found twice
        Set<Recovered> recovered = new LinkedHashSet<>();
        for (Region region : regions) {
            recovered.addAll(tryUnwrap(subjectId, region, keyIds.isEmpty() ? uuidsIn(region.bytes()) : keyIds));
        }
        return List.copyOf(recovered);
    }

    private List<Recovered> tryUnwrap(String subjectId, Region region, Set<String> keyIds) {
        List<Attempt> attempts = new ArrayList<>();
        keks.forEach((kekId, kek) -> keyIds.forEach(keyId ->
                attempts.add(new Attempt(kekId, kek, keyId, aad(subjectId, keyId, kekId)))));
        List<Recovered> found = new ArrayList<>();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            byte[] bytes = region.bytes();
            for (int at = 0; at + WRAPPED <= bytes.length; at++) {
                for (Attempt attempt : attempts) {
                    if (unwraps(cipher, attempt.kek(), bytes, at, attempt.aad())) {
                        found.add(new Recovered(region.file(), region.offset() + at, attempt.kekId(), attempt.keyId()));
                        break;
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks AES-GCM", e);
        }
        return found;
    }

    private record Attempt(String kekId, SecretKeySpec kek, String keyId, byte[] aad) {
    }

    private static boolean unwraps(Cipher cipher, SecretKeySpec kek, byte[] bytes, int at, byte[] aad)
            throws GeneralSecurityException {
        cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(128, bytes, at, 12));
        cipher.updateAAD(aad);
        try {
            byte[] dataKey = cipher.doFinal(bytes, at + 12, WRAPPED - 12);
            java.util.Arrays.fill(dataKey, (byte) 0);
            return true;
        } catch (AEADBadTagException notThisWindow) {
            return false;
        }
    }

    /** §2: each string as a 4-byte big-endian length and its UTF-8 bytes. */
    static byte[] aad(String subjectId, String keyId, String kekId) {
        ByteBuffer aad = ByteBuffer.allocate(256);
        for (String part : List.of("lethe:dek:v1", subjectId, keyId, kekId)) {
            byte[] utf8 = part.getBytes(StandardCharsets.UTF_8);
            if (aad.remaining() < 4 + utf8.length) {
                aad = ByteBuffer.allocate(aad.capacity() * 2 + utf8.length).put(aad.flip());
            }
            aad.putInt(utf8.length).put(utf8);
        }
        return java.util.Arrays.copyOf(aad.array(), aad.position());
    }

    /** Version-4 UUIDs in the bytes, as text or as 16 binary bytes. */
    static Set<String> uuidsIn(byte[] bytes) {
        Set<String> uuids = new LinkedHashSet<>();
        Matcher text = UUID_TEXT.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
        while (text.find()) {
            uuids.add(text.group());
        }
        for (int at = 0; at + 16 <= bytes.length; at++) {
            if ((bytes[at + 6] & 0xf0) == 0x40 && (bytes[at + 8] & 0xc0) == 0x80) {
                ByteBuffer binary = ByteBuffer.wrap(bytes, at, 16);
                uuids.add(new UUID(binary.getLong(), binary.getLong()).toString());
            }
        }
        return uuids;
    }

    private static byte[] read(Path file, long offset, int length) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
                // a read may return fewer bytes than asked
            }
            return java.util.Arrays.copyOf(buffer.array(), buffer.position());
        } catch (NoSuchFileException vanished) {
            return new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Region(Path file, long offset, byte[] bytes) {
    }
}
