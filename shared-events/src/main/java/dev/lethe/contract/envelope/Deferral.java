package dev.lethe.contract.envelope;

/**
 * Codes of an accepted command that was carried out differently from what was asked. Part of the wire contract
 * on {@code lethe.command-results}: never rename one, only add.
 */
public enum Deferral implements ResultCode {
    /**
     * The person is under a legal hold: the erasure is pending until the result's {@code deferredUntil}, and
     * processing is restricted until then.
     */
    ERASURE_DEFERRED_LEGAL_HOLD
}
