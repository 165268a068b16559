package dev.lethe.command.publishing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Gauge {@code lethe.publisher.lag.events}: the store's head ({@code globalIndex} of the newest event) minus the
 * publisher's position. Unknown (NaN) until the publisher has read its position. Every event above the position is
 * counted, also one whose neighbours below are not committed yet. Each read asks the store for its head: one
 * step down the primary key per scrape.
 */
@Component
class PublisherLag {

    private final EventPublisher publisher;
    private final StoreFeed feed;

    PublisherLag(EventPublisher publisher, StoreFeed feed, MeterRegistry registry) {
        this.publisher = publisher;
        this.feed = feed;
        Gauge.builder("lethe.publisher.lag.events", this, PublisherLag::eventsBehind)
                .description("events in the store the publisher has not yet published to lethe.events")
                .register(registry);
    }

    double eventsBehind() {
        long position = publisher.position();
        if (position < 0) {
            return Double.NaN;
        }
        return Math.max(0, feed.head() - position);
    }
}
