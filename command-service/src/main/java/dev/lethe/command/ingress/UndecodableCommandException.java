package dev.lethe.command.ingress;

import dev.lethe.contract.envelope.Rejection;


/**
 * A record that cannot be read as a command envelope. When a commandId could still be recovered from the
 * start of the record, the sender gets an answer; otherwise the record only goes to the dead-letter topic.
 */
class UndecodableCommandException extends Exception {

    private final Rejection code;
    private final String recoveredCommandId;

    UndecodableCommandException(Rejection code, String message, String recoveredCommandId) {
        super(message, null, false, false);
        this.code = code;
        this.recoveredCommandId = recoveredCommandId;
    }

    Rejection code() {
        return code;
    }

    String recoveredCommandId() {
        return recoveredCommandId;
    }
}
