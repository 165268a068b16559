package dev.lethe.command.ingress.validation;

import dev.lethe.contract.envelope.Rejection;


/**
 * A record that cannot be read as a command envelope. When a commandId could still be recovered from the
 * start of the record, the sender gets an answer; otherwise the record only goes to the dead-letter topic.
 */
public class UndecodableCommandException extends Exception {

    private final Rejection code;
    private final String recoveredCommandId;

    UndecodableCommandException(Rejection code, String message, String recoveredCommandId) {
        super(message, null, false, false);
        this.code = code;
        this.recoveredCommandId = recoveredCommandId;
    }

    public Rejection code() {
        return code;
    }

    public String recoveredCommandId() {
        return recoveredCommandId;
    }
}
