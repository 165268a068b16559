package dev.lethe.local.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Copies of the erasure ledger ({@code ledger.erasure}): who was erased, when and why, no personal data. The
 * artefact is CSV ({@code subject_id,erased_at,reason}, ISO-8601 UTC), readable by any tool. Copies are merged by
 * union, the earliest erasure time winning: a ledger only ever grows, so no copy can undo another's erasure.
 */
final class ErasureLedger {

    static final String HEADER = "subject_id,erased_at,reason";
    // subject ids are the service's UUIDs; anything else in a ledger file is refused rather than trusted
    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9._:-]{1,255}");
    private static final Pattern REASON = Pattern.compile("[A-Z_]{1,64}");

    record Entry(String subjectId, Instant erasedAt, String reason) {
    }

    private ErasureLedger() {
    }

    static List<Entry> read(Connection connection) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT subject_id, erased_at, reason FROM ledger.erasure ORDER BY erased_at, subject_id");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                entries.add(new Entry(rows.getString(1), rows.getTimestamp(2).toInstant(), rows.getString(3)));
            }
        }
        return entries;
    }

    static void write(Path file, List<Entry> entries) throws IOException {
        List<String> lines = new ArrayList<>(entries.size() + 1);
        lines.add(HEADER);
        entries.forEach(entry -> lines.add(entry.subjectId() + "," + entry.erasedAt() + "," + entry.reason()));
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    static List<Entry> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the erasure ledger " + file, e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw BackupException.refused("LEDGER_UNREADABLE", file + " is not an erasure ledger (first line must be "
                    + HEADER + ")");
        }
        List<Entry> entries = new ArrayList<>();
        for (int number = 2; number <= lines.size(); number++) {
            String line = lines.get(number - 1);
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (fields.length != 3 || !SUBJECT.matcher(fields[0]).matches() || !REASON.matcher(fields[2]).matches()) {
                throw BackupException.refused("LEDGER_UNREADABLE", file + " line " + number
                        + ": expected subject_id,erased_at,reason");
            }
            try {
                entries.add(new Entry(fields[0], Instant.parse(fields[1]), fields[2]));
            } catch (DateTimeParseException e) {
                throw BackupException.refused("LEDGER_UNREADABLE", file + " line " + number
                        + ": erased_at is not an ISO-8601 instant");
            }
        }
        return entries;
    }

    /** Every subject of every copy once, with its earliest erasure. */
    static List<Entry> union(Collection<List<Entry>> copies) {
        Map<String, Entry> union = new TreeMap<>();
        for (List<Entry> copy : copies) {
            for (Entry entry : copy) {
                union.merge(entry.subjectId(), entry,
                        (known, other) -> other.erasedAt().isBefore(known.erasedAt()) ? other : known);
            }
        }
        return List.copyOf(union.values());
    }

    static Timestamp timestamp(Entry entry) {
        return Timestamp.from(entry.erasedAt());
    }
}
