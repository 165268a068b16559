package dev.lethe.command.publishing;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code eventPublisher}: DOWN while the publisher is not running or is retrying a failed batch
 * (typically: the broker does not acknowledge). The detail names the error's class and its root cause's class only;
 * exception messages may quote data and stay in the log.
 */
@Component("eventPublisherHealthIndicator")
class PublisherHealth implements HealthIndicator {

    private final EventPublisher publisher;

    PublisherHealth(EventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public Health health() {
        RuntimeException error = publisher.failure();
        if (error != null) {
            return Health.down().withDetail("state", "retrying a failed batch")
                    .withDetail("error", error.getClass().getName())
                    .withDetail("cause", rootCause(error).getClass().getName()).build();
        }
        if (!publisher.isRunning()) {
            return Health.down().withDetail("state", "not running").build();
        }
        return Health.up().withDetail("state", "running").build();
    }

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
