package dev.lethe.command.ingress.deadletter;

/** Why a dead letter cannot be read; the message names partitions, offsets and key subjects only. */
class DeadLetterException extends RuntimeException {

    private final String code;

    DeadLetterException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
