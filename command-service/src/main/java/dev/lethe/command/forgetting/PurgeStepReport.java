package dev.lethe.command.forgetting;

import java.time.Instant;
import java.util.Map;

/**
 * What one {@link PurgeStep} did, for the operator's answer and the erasure receipts.
 *
 * @param step       the step's {@link PurgeStep#name()}
 * @param startedAt  when it started
 * @param finishedAt when it finished
 * @param details    what it did, step-specific and free of personal data (e.g. KEK ids destroyed, offsets purged
 *                   per partition)
 */
public record PurgeStepReport(String step, Instant startedAt, Instant finishedAt, Map<String, Object> details) {

    public PurgeStepReport {
        details = Map.copyOf(details);
    }
}
