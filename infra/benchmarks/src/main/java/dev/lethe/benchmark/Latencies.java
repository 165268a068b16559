package dev.lethe.benchmark;

import java.util.ArrayList;
import java.util.List;

/** Latency samples of one run, in milliseconds; safe to add to from several threads. */
final class Latencies {

    private final List<Double> millis = new ArrayList<>();

    synchronized void addNanos(long nanos) {
        millis.add(nanos / 1e6);
    }

    synchronized int count() {
        return millis.size();
    }

    /** Nearest-rank percentile; NaN without samples, so that a missing figure never looks like a fast one. */
    synchronized double percentile(double p) {
        if (millis.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    synchronized double max() {
        return millis.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
