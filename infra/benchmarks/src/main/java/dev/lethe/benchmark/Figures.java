package dev.lethe.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every figure of a run, one value per round, in the order first recorded; printed as min / median / max over the
 * rounds with the target where it has one. A figure that could not be measured in a round is NaN there
 * and left out of its statistics.
 */
final class Figures {

    /** {@code atLeast} true: the median must reach {@code value}; false: it must not exceed it. */
    record Target(boolean atLeast, double value) {

        boolean metBy(double median) {
            return atLeast ? median >= value : median <= value;
        }

        @Override
        public String toString() {
            return (atLeast ? ">= " : "<= ") + format(value);
        }
    }

    record Figure(String name, String unit, Target target, List<Double> values) {

        Stats stats() {
            List<Double> measured = values.stream().filter(value -> !value.isNaN()).toList();
            return measured.isEmpty() ? new Stats(Double.NaN, Double.NaN, Double.NaN) : Stats.of(measured);
        }
    }

    private final Map<String, Figure> figures = new LinkedHashMap<>();

    void add(String name, String unit, double value) {
        add(name, unit, null, value);
    }

    void add(String name, String unit, Target target, double value) {
        figures.computeIfAbsent(name, key -> new Figure(name, unit, target, new ArrayList<>())).values().add(value);
    }

    List<Figure> all() {
        return List.copyOf(figures.values());
    }

    /** The figure's value in the latest round, NaN if it has none. */
    double latest(String name) {
        Figure figure = figures.get(name);
        return figure == null || figure.values().isEmpty() ? Double.NaN
                : figure.values().get(figure.values().size() - 1);
    }

    String table() {
        StringBuilder table = new StringBuilder(String.format("%-44s %-14s %10s %10s %10s  %s%n",
                "figure", "unit", "min", "median", "max", "target"));
        for (Figure figure : figures.values()) {
            Stats stats = figure.stats();
            String target = figure.target() == null ? ""
                    : figure.target() + (Double.isNaN(stats.median()) ? "" : figure.target().metBy(stats.median())
                    ? "  met" : "  NOT MET");
            table.append(String.format("%-44s %-14s %10s %10s %10s  %s%n", figure.name(), figure.unit(),
                    format(stats.min()), format(stats.median()), format(stats.max()), target));
        }
        return table.toString();
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double magnitude = Math.abs(value);
        return magnitude >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                : magnitude >= 10 ? String.format(Locale.ROOT, "%.1f", value)
                : magnitude >= 1 ? String.format(Locale.ROOT, "%.2f", value) : String.format(Locale.ROOT, "%.3f", value);
    }
}
