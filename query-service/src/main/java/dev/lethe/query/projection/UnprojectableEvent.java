package dev.lethe.query.projection;

/**
 * A record that can never be applied as it is: the same bytes fail the same way on every attempt, so it is
 * parked at once instead of retried (the error handler classes this type as not retryable). The message names
 * the problem and the reason code, never a value from the record.
 */
public class UnprojectableEvent extends RuntimeException {

    private final ParkReason reason;

    public UnprojectableEvent(ParkReason reason, String message) {
        this(reason, message, null);
    }

    public UnprojectableEvent(ParkReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public ParkReason reason() {
        return reason;
    }
}
