package dev.lethe.query.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The outcome of verifying the trail and its checkpoints.
 *
 * @param firstInvalidSequence the first sequence whose entry is missing, altered or out of line with a checkpoint
 * @param reason               what was wrong there; never contains personal data (the trail holds none)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Verification(boolean valid, long entries, int checkpointsVerified, Long firstInvalidSequence,
                           String reason) {

    static Verification valid(long entries, int checkpoints) {
        return new Verification(true, entries, checkpoints, null, null);
    }

    static Verification invalid(long entries, int checkpoints, long sequence, String reason) {
        return new Verification(false, entries, checkpoints, sequence, reason);
    }
}
