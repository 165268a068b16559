package dev.lethe.contract.ledger;

import dev.lethe.contract.customer.ErasureReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The erasure ledger as a file: what a backup and {@code LedgerExport} write, what a restore merges, and what the
 * restore hands to both services at their start ({@code lethe.restore.ledger}, docs/backup-restore.md). CSV,
 * {@code subject_id,erased_at,reason} (ISO-8601 UTC, {@link ErasureReason} names), readable by any tool; no
 * personal data. Copies merge by union, the earliest erasure time winning: a ledger only ever grows, so no copy
 * can undo another's erasure.
 */
public final class ErasureLedgerFile {

    public static final String HEADER = "subject_id,erased_at,reason";
    // subject ids are the services' UUIDs; anything else in a ledger file is refused rather than trusted
    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9._:-]{1,255}");

    public record Entry(String subjectId, Instant erasedAt, ErasureReason reason) {
    }

    /** The file is not an erasure ledger. The message names the file and the line, never a value from it. */
    public static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message);
        }
    }

    private ErasureLedgerFile() {
    }

    /** Replaces {@code file} atomically: a reader never sees half a ledger. */
    public static void write(Path file, List<Entry> entries) throws IOException {
        List<String> lines = new ArrayList<>(entries.size() + 1);
        lines.add(HEADER);
        entries.forEach(entry -> lines.add(entry.subjectId() + "," + entry.erasedAt() + "," + entry.reason().name()));
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path partial = Files.createTempFile(directory, ".erasure-ledger", ".csv");
        try {
            Files.write(partial, lines, StandardCharsets.UTF_8);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** @throws Unreadable when any line is not an entry: a ledger is taken whole or not at all */
    public static List<Entry> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the erasure ledger " + file, e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new Unreadable(file + " is not an erasure ledger (first line must be " + HEADER + ")");
        }
        List<Entry> entries = new ArrayList<>();
        for (int number = 2; number <= lines.size(); number++) {
            String line = lines.get(number - 1);
            if (!line.isBlank()) {
                entries.add(entry(file, number, line));
            }
        }
        return entries;
    }

    /**
     * {@link #read} for a service given the file in a setting at its start: any failure names the setting and says
     * that nothing was applied, so the start stops with a message the operator can act on.
     */
    public static List<Entry> readSetting(String setting, Path file) {
        try {
            return read(file);
        } catch (Unreadable | UncheckedIOException e) {
            throw new IllegalStateException(setting + ": " + e.getMessage() + "; nothing was applied", e);
        }
    }

    private static Entry entry(Path file, int number, String line) {
        String[] fields = line.split(",", -1);
        if (fields.length != 3 || !SUBJECT.matcher(fields[0]).matches()) {
            throw new Unreadable(file + " line " + number + ": expected subject_id,erased_at,reason");
        }
        Instant erasedAt;
        try {
            erasedAt = Instant.parse(fields[1]);
        } catch (DateTimeParseException e) {
            throw new Unreadable(file + " line " + number + ": erased_at is not an ISO-8601 instant");
        }
        try {
            return new Entry(fields[0], erasedAt, ErasureReason.valueOf(fields[2]));
        } catch (IllegalArgumentException e) {
            throw new Unreadable(file + " line " + number + ": reason is not an erasure reason");
        }
    }

    /** Every subject of every copy once, with its earliest erasure; ordered by subject id. */
    public static List<Entry> union(Collection<List<Entry>> copies) {
        Map<String, Entry> union = new TreeMap<>();
        for (List<Entry> copy : copies) {
            for (Entry entry : copy) {
                union.merge(entry.subjectId(), entry,
                        (known, other) -> other.erasedAt().isBefore(known.erasedAt()) ? other : known);
            }
        }
        return List.copyOf(union.values());
    }
}
