package dev.lethe.command.retention;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * What one sweep did. No personal data: counts only.
 *
 * @param status   {@code COMPLETED}, {@code FAILED}, or {@code SKIPPED} when another instance was sweeping
 * @param sweptAt  the service clock's "now" the rules were applied at
 * @param outcome  per rule ({@code legal-hold-ended}, {@code inactivity:<purpose>}, {@code consent-withdrawn}),
 *                 how many persons were {@code erased}, {@code deferred} or answered with another code
 */
record SweepReport(UUID sweepId, String status, Instant sweptAt, Map<String, Map<String, Integer>> outcome) {

    public int erased() {
        return outcome.values().stream().mapToInt(counts -> counts.getOrDefault("erased", 0)).sum();
    }
}
