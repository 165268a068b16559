package dev.lethe.benchmark;

import java.util.List;

/** Min / median / max of a figure over the rounds of a benchmark. */
record Stats(double min, double median, double max) {

    static Stats of(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Stats(sorted.get(0), median, sorted.get(n - 1));
    }
}
