package dev.lethe.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One row per phase (fault), one column per invariant, plus recovery. A row counts the violations first seen at
 * that phase's check, so a defect is counted once, in the phase that caused it; the total row sums them.
 */
final class Report {

    enum Recovery {
        /** no fault in this phase */
        NONE("-"),
        /** the platform answered again and reported UP by itself */
        AUTOMATIC("auto"),
        /** it did not within the deadline; the suite stopped and started the run command, after which it did */
        SUITE_RESTART("suite restart"),
        /** not even after that */
        NEVER("never");

        final String label;

        Recovery(String label) {
            this.label = label;
        }
    }

    /** @param examples a few violating ids per invariant, for whoever investigates */
    record Row(String phase, String fault, int sent, int sendFailed, Map<Invariant, Integer> counts,
               Map<Invariant, List<String>> examples, Recovery recovery, Double faultToFirstAnswerSeconds,
               Double faultToQuietSeconds, boolean quiet) {

        boolean clean() {
            return counts.values().stream().allMatch(count -> count == 0);
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final String codeUnderTest;

    Report(String codeUnderTest) {
        this.codeUnderTest = codeUnderTest;
    }

    static Row row(Fault fault, int sent, int sendFailed, Map<Invariant, Set<String>> newViolations,
                   Map<String, String> explanations, Recovery recovery, Double firstAnswer, Double quiet,
                   boolean drained) {
        Map<Invariant, Integer> counts = new EnumMap<>(Invariant.class);
        Map<Invariant, List<String>> examples = new EnumMap<>(Invariant.class);
        for (Invariant invariant : Invariant.values()) {
            Set<String> ids = newViolations.getOrDefault(invariant, Set.of());
            counts.put(invariant, ids.size());
            if (!ids.isEmpty()) {
                examples.put(invariant, ids.stream().limit(5)
                        .map(id -> explanations.containsKey(id) ? id + " (" + explanations.get(id) + ")" : id).toList());
            }
        }
        return new Row(fault.id, fault.label, sent, sendFailed, counts, examples, recovery, firstAnswer, quiet, drained);
    }

    void add(Row row) {
        rows.add(row);
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    Row total() {
        Map<Invariant, Integer> counts = new EnumMap<>(Invariant.class);
        for (Invariant invariant : Invariant.values()) {
            counts.put(invariant, rows.stream().mapToInt(row -> row.counts().get(invariant)).sum());
        }
        return new Row("total", "all phases", rows.stream().mapToInt(Row::sent).sum(),
                rows.stream().mapToInt(Row::sendFailed).sum(), counts, Map.of(), null, null, null,
                rows.stream().allMatch(Row::quiet));
    }

    /** Every count 0 and every fault recovered without the suite's help. */
    boolean passed() {
        return total().clean() && rows.stream().allMatch(row -> row.recovery() == Recovery.NONE
                || row.recovery() == Recovery.AUTOMATIC);
    }

    String table() {
        List<String> header = header();
        List<List<String>> body = new ArrayList<>();
        rows.forEach(row -> body.add(cells(row)));
        body.add(cells(total()));
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> line : body) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        appendLine(out, header, widths);
        for (List<String> line : body) {
            appendLine(out, line, widths);
        }
        return out.toString();
    }

    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| ").append(String.join(" | ", header())).append(" |\n");
        out.append("|").append("---|".repeat(header().size())).append('\n');
        rows.forEach(row -> out.append("| ").append(String.join(" | ", cells(row))).append(" |\n"));
        out.append("| ").append(String.join(" | ", cells(total()))).append(" |\n");
        return out.toString();
    }

    void write(Path directory, ChaosOptions options) {
        try {
            Files.createDirectories(directory);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("codeUnderTest", codeUnderTest);
            json.put("commandsPerPhase", options.commandsPerPhase());
            json.put("rate", options.rate());
            json.put("seed", options.seed());
            json.put("poison", options.poison());
            json.put("passed", passed());
            json.put("phases", rows);
            json.put("total", total());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(directory.resolve("report.json").toFile(), json);
            Files.writeString(directory.resolve("report.md"), "Code under test: " + codeUnderTest + "\n\n" + markdown(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + directory, e);
        }
    }

    private static List<String> header() {
        List<String> header = new ArrayList<>(List.of("fault", "sent"));
        for (Invariant invariant : Invariant.values()) {
            header.add(invariant.column);
        }
        header.addAll(List.of("recovery", "fault->first answer s", "fault->all lag 0 s"));
        return header;
    }

    private static List<String> cells(Row row) {
        List<String> cells = new ArrayList<>(List.of(row.fault(),
                row.sent() + (row.sendFailed() > 0 ? " (+" + row.sendFailed() + " failed)" : "")));
        for (Invariant invariant : Invariant.values()) {
            cells.add(String.valueOf(row.counts().get(invariant)));
        }
        cells.add(row.recovery() == null ? "" : row.recovery().label);
        cells.add(seconds(row.faultToFirstAnswerSeconds()));
        cells.add(row.quiet() ? seconds(row.faultToQuietSeconds()) : "not drained");
        return cells;
    }

    private static String seconds(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static void appendLine(StringBuilder out, List<String> cells, int[] widths) {
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            out.append(i < 2 ? String.format("%-" + widths[i] + "s", cell) : String.format("%" + widths[i] + "s", cell));
            out.append(i == cells.size() - 1 ? "\n" : "  ");
        }
    }
}
