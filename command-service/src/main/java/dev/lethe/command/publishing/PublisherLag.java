package dev.lethe.command.publishing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * Gauge {@code lethe.publisher.lag.events}: the store's head ({@code globalIndex} of the newest event) minus the
 * publisher's position. Unknown (NaN) while the processor holds no segment, e.g. before it started.
 * The position is the highest index read, so events of a still-open gap below it are not counted. Each read
 * asks the store for its head: one query on the primary key per scrape.
 */
@Component
class PublisherLag {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;

    PublisherLag(EventProcessingConfiguration processing, EventStore eventStore, MeterRegistry registry) {
        this.processing = processing;
        this.eventStore = eventStore;
        Gauge.builder("lethe.publisher.lag.events", this, PublisherLag::eventsBehind)
                .description("events in the store the publisher has not yet published to lethe.events")
                .register(registry);
    }

    double eventsBehind() {
        List<EventTrackerStatus> segments = PublisherHealth.processor(processing).stream()
                .flatMap(processor -> processor.processingStatus().values().stream()).toList();
        if (segments.isEmpty()) {
            return Double.NaN;
        }
        // a segment without a position has published nothing yet: everything is behind
        long position = segments.stream().map(EventTrackerStatus::getCurrentPosition)
                .mapToLong(current -> current.orElse(0)).min().orElse(0);
        TrackingToken head = eventStore.createHeadToken();
        long headIndex = head == null ? 0 : head.position().orElse(0);
        return Math.max(0, headIndex - position);
    }
}
