package dev.lethe.auditverifier;

/** What the verifier found; {@code firstInvalidSequence} and {@code reason} only when invalid. */
record Result(boolean valid, long entries, int checkpointsVerified, Long firstInvalidSequence, String reason) {

    static Result invalid(long entries, int checkpoints, long sequence, String reason) {
        return new Result(false, entries, checkpoints, sequence, reason);
    }

    String describe() {
        return valid ? "VALID entries=" + entries + " checkpointsVerified=" + checkpointsVerified
                : "INVALID firstInvalidSequence=" + firstInvalidSequence + " reason=" + reason + " (entries="
                + entries + ", checkpointsVerified=" + checkpointsVerified + ")";
    }
}
