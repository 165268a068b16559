package dev.lethe.command.keys;

/** A refused rotation request: a stable code, the request field at fault (if any), and a fixed message. */
public class KeyRotationException extends RuntimeException {

    private final String code;
    private final String field;

    KeyRotationException(String code, String field, String message) {
        super(message, null, false, false);
        this.code = code;
        this.field = field;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
