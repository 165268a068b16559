package dev.lethe.query.projection;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;

/**
 * The error handler's recoverer: a record that will never apply (or that failed through its bounded retries) is
 * parked for its projection, with the reason code and the failure's types, and the partition moves on. If
 * parking itself fails (the database is away) the error handler seeks back and the record comes again.
 */
public class ParkingRecoverer implements ConsumerAwareRecordRecoverer {

    private final ParkedEvents parked;

    public ParkingRecoverer(ParkedEvents parked) {
        this.parked = parked;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception failure) {
        parked.park(projectionOf(failure, consumer), record,
                Failures.parkReason(failure).orElse(ParkReason.APPLY_FAILED), detailOf(failure));
    }

    /** Named by the listener that failed; a listener that does not say is known by its consumer group. */
    private static String projectionOf(Throwable failure, Consumer<?, ?> consumer) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProjectionFailure projectionFailure) {
                return projectionFailure.projection();
            }
        }
        return consumer == null ? "unknown" : consumer.groupMetadata().groupId();
    }

    /** What failed (types, SQL states, our reason codes), without the listener's and the container's wrappers. */
    private static String detailOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProjectionFailure projectionFailure) {
                String message = projectionFailure.getMessage();
                return message.substring(message.indexOf(": ") + 2);
            }
        }
        return Failures.describe(failure);
    }
}
