package dev.lethe.contract.envelope;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one answer every consumed command gets on {@code lethe.command-results} (key = commandId).
 * A rejection carries a stable {@code code}, the offending {@code field} where there is one, and a
 * human-readable {@code message} that never repeats the personal data that was sent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandResult(
        String commandId, Status status, String customerId, String code, String message, String field) {

    public enum Status { ACCEPTED, REJECTED }

    public static CommandResult accepted(String commandId, String customerId) {
        return new CommandResult(commandId, Status.ACCEPTED, customerId, null, null, null);
    }

    public static CommandResult rejected(String commandId, String code, String field, String message) {
        return new CommandResult(commandId, Status.REJECTED, null, code, message, field);
    }
}
