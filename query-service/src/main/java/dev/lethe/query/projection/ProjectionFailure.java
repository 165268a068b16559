package dev.lethe.query.projection;

import java.util.Optional;

/**
 * What a projection's listener hands the error handler (as the cause of a
 * {@link org.springframework.kafka.listener.BatchListenerFailedException}): which projection failed and how the
 * failure is classified ({@link Failures}), decided here once. The original exception is deliberately not
 * attached: the container logs the error handler's exceptions with their causes, and a database's message can
 * quote the row it refused, which may be personal data. Its types and SQL states are kept as the message, its
 * stack frames as this exception's.
 */
public class ProjectionFailure extends RuntimeException {

    private final String projection;
    private final ParkReason reason;
    private final boolean transientFailure;

    ProjectionFailure(String projection, Throwable failure, ParkReason reason, boolean transientFailure) {
        super("projection " + projection + " could not apply an event: " + Failures.describe(failure), null, false,
                true);
        this.projection = projection;
        this.reason = reason;
        this.transientFailure = transientFailure;
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        setStackTrace(root.getStackTrace());
    }

    /** Classifies the failure: deterministic ones are a {@link Deterministic}, which the error handler never retries. */
    public static ProjectionFailure of(String projection, Throwable failure) {
        Optional<ParkReason> reason = Failures.parkReason(failure);
        return reason.isPresent() ? new Deterministic(projection, failure, reason.get())
                : new ProjectionFailure(projection, failure, null, Failures.isTransient(failure));
    }

    public String projection() {
        return projection;
    }

    /** The reason to park at once; empty if the failure may pass. */
    public Optional<ParkReason> reason() {
        return Optional.ofNullable(reason);
    }

    /** Whether the database, the broker or the key vault was away: waiting cures it. */
    public boolean isTransient() {
        return transientFailure;
    }

    /** A failure the same event meets on every attempt. */
    public static final class Deterministic extends ProjectionFailure {

        Deterministic(String projection, Throwable failure, ParkReason reason) {
            super(projection, failure, reason, false);
        }
    }
}
