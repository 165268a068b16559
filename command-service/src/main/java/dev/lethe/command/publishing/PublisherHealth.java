package dev.lethe.command.publishing;

import java.util.Optional;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code eventPublisher}: DOWN while the publisher's processor is not running or is retrying a
 * failed batch (typically: the broker does not acknowledge). The detail names the error's class and its root
 * cause's class only; exception messages may quote data and stay in the log.
 */
@Component("eventPublisherHealthIndicator")
class PublisherHealth implements HealthIndicator {

    private final EventProcessingConfiguration processing;

    PublisherHealth(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    @Override
    public Health health() {
        Optional<TrackingEventProcessor> found = processor(processing);
        if (found.isEmpty()) {
            return Health.down().withDetail("state", "not configured").build();
        }
        TrackingEventProcessor processor = found.get();
        Optional<Throwable> error = processor.processingStatus().values().stream()
                .filter(EventTrackerStatus::isErrorState).map(EventTrackerStatus::getError).findFirst();
        if (error.isPresent()) {
            return Health.down().withDetail("state", "retrying a failed batch")
                    .withDetail("error", error.get().getClass().getName())
                    .withDetail("cause", rootCause(error.get()).getClass().getName()).build();
        }
        if (processor.isError()) {
            return Health.down().withDetail("state", "error").build();
        }
        if (!processor.isRunning()) {
            return Health.down().withDetail("state", "not running").build();
        }
        return Health.up().withDetail("state", "running").build();
    }

    static Optional<TrackingEventProcessor> processor(EventProcessingConfiguration processing) {
        return processing.eventProcessor(EventPublisher.PROCESSING_GROUP, TrackingEventProcessor.class);
    }

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
