package dev.lethe.local.forgetting;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Searches every regular file under some directories, byte by byte, for many needles at once, as someone holding
 * a copy of those files would: no database, broker or service is asked anything. Files that vanish while the scan
 * runs (a segment deleted, a WAL file recycled) are skipped.
 */
public final class RawFileScan {

    /** One byte sequence to look for: which value ({@code label}) in which {@code form}. */
    public record Needle(String label, String form, byte[] bytes) {
        public Needle {
            if (bytes.length < PREFIX) {
                throw new IllegalArgumentException("needles have at least " + PREFIX + " bytes");
            }
        }
    }

    /** Where a needle was found. */
    public record Hit(Path file, long offset, Needle needle) {
        @Override
        public String toString() {
            return file + "@" + offset + ": " + needle.label() + " (" + needle.form() + ")";
        }
    }

    private static final int PREFIX = 4;
    private static final int CHUNK = 8 << 20;
    private static final int FILTER_BITS = 16;

    private final Map<Integer, List<Needle>> byPrefix = new HashMap<>();
    private final boolean[] filter = new boolean[1 << FILTER_BITS];
    private final int longest;

    public RawFileScan(Collection<Needle> needles) {
        for (Needle needle : needles) {
            int prefix = prefix(needle.bytes(), 0);
            byPrefix.computeIfAbsent(prefix, any -> new ArrayList<>()).add(needle);
            filter[slot(prefix)] = true;
        }
        longest = needles.stream().mapToInt(needle -> needle.bytes().length).max().orElse(PREFIX);
    }

    /** A scan for each canary (label to value) in every form {@link CanaryEncodings} knows. */
    public static RawFileScan forCanaries(Map<String, String> canaries) {
        List<Needle> needles = new ArrayList<>();
        canaries.forEach((label, value) -> CanaryEncodings.forms(value)
                .forEach((form, bytes) -> needles.add(new Needle(label, form, bytes))));
        return new RawFileScan(needles);
    }

    /** Every occurrence of every needle in every regular file under the roots (missing roots are skipped). */
    public List<Hit> scan(Collection<Path> roots) {
        List<Hit> hits = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    scanFile(file, hits);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return hits;
    }

    /** Reads in chunks that overlap by a needle's length, so a needle across a chunk boundary is still found once. */
    private void scanFile(Path file, List<Hit> hits) {
        byte[] buffer = new byte[longest - 1 + CHUNK];
        int carried = 0;
        long bufferOffset = 0;
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                int read = in.readNBytes(buffer, carried, CHUNK);
                int length = carried + read;
                search(buffer, length, carried, bufferOffset, file, hits);
                if (read < CHUNK) {
                    return;
                }
                int keep = Math.min(length, longest - 1);
                System.arraycopy(buffer, length - keep, buffer, 0, keep);
                bufferOffset += length - keep;
                carried = keep;
            }
        } catch (NoSuchFileException vanished) {
            // deleted or renamed while scanning: what is gone is not evidence
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Reports matches that end after {@code carried}: the ones ending before were found in the previous chunk. */
    private void search(byte[] buffer, int length, int carried, long bufferOffset, Path file, List<Hit> hits) {
        for (int i = 0; i + PREFIX <= length; i++) {
            int prefix = prefix(buffer, i);
            if (!filter[slot(prefix)]) {
                continue;
            }
            List<Needle> candidates = byPrefix.get(prefix);
            if (candidates == null) {
                continue;
            }
            for (Needle needle : candidates) {
                int end = i + needle.bytes().length;
                if (end <= length && end > carried
                        && Arrays.equals(buffer, i, end, needle.bytes(), 0, needle.bytes().length)) {
                    hits.add(new Hit(file, bufferOffset + i, needle));
                }
            }
        }
    }

    private static int prefix(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8 | bytes[at + 3] & 0xff;
    }

    private static int slot(int prefix) {
        return (prefix * 0x9E3779B1) >>> (32 - FILTER_BITS);
    }
}
