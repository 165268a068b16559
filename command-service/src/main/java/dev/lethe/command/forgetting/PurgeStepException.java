package dev.lethe.command.forgetting;

/** A purge step that could not run, with a stable code for the operator's answer and a fixed message. */
class PurgeStepException extends RuntimeException {

    private final String code;

    public PurgeStepException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
