package dev.lethe.command.customer;

import dev.lethe.contract.envelope.Rejection;

/**
 * A command was refused for a reason the sender can fix. The message names fields, never their values, so
 * it is safe to log and to send back on the result topic.
 */
public class CommandRejectedException extends RuntimeException {

    private final Rejection code;
    private final String field;

    public CommandRejectedException(Rejection code, String field, String message) {
        super(message, null, false, false);
        this.code = code;
        this.field = field;
    }

    public Rejection code() {
        return code;
    }

    public String field() {
        return field;
    }
}
