package dev.lethe.contract.envelope;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one answer every consumed command gets on {@code lethe.command-results} (key = commandId).
 * A rejection carries a stable {@code code}, the offending {@code field} where there is one, and a
 * human-readable {@code message} that never repeats the personal data that was sent.
 *
 * <p>An accepted command may carry a {@code code} too when it was carried out differently from what was
 * asked: {@link Deferral#ERASURE_DEFERRED_LEGAL_HOLD} means the person is under a legal hold, so the erasure is
 * pending until {@code deferredUntil} (ISO-8601 instant) and processing is restricted until then.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandResult(
        String commandId, Status status, String customerId, ResultCode code, String message, String field,
        String deferredUntil) {

    /**
     * The name of {@link Deferral#ERASURE_DEFERRED_LEGAL_HOLD}, which is also the reason the restriction it causes
     * is recorded with.
     */
    public static final String ERASURE_DEFERRED_LEGAL_HOLD = "ERASURE_DEFERRED_LEGAL_HOLD";

    public enum Status { ACCEPTED, REJECTED }

    public CommandResult(String commandId, Status status, String customerId, ResultCode code, String message,
                         String field) {
        this(commandId, status, customerId, code, message, field, null);
    }

    public static CommandResult accepted(String commandId, String customerId) {
        return new CommandResult(commandId, Status.ACCEPTED, customerId, null, null, null);
    }

    public static CommandResult rejected(String commandId, Rejection code, String field, String message) {
        return new CommandResult(commandId, Status.REJECTED, null, code, message, field);
    }

    /** Accepted, but the erasure waits for the legal hold that ends at {@code until}. */
    public static CommandResult erasureDeferred(String commandId, String customerId, String until) {
        return new CommandResult(commandId, Status.ACCEPTED, customerId, Deferral.ERASURE_DEFERRED_LEGAL_HOLD,
                "the customer is under a legal hold until " + until
                        + ": processing is restricted and the erasure will happen when the hold ends",
                null, until);
    }
}
