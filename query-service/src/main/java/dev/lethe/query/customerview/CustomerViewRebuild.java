package dev.lethe.query.customerview;

import dev.lethe.query.config.EventTopics;
import dev.lethe.query.projection.ProjectionLag;
import dev.lethe.query.projection.RebuildableProjection;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.stereotype.Component;

/** The customer view as the operations endpoints see it: its listener, its lag, how to empty it. */
@Component
class CustomerViewRebuild implements RebuildableProjection {

    static final String NAME = "customer-view";

    private final CustomerViewRepository views;
    private final EventTopics topics;
    private final ProjectionLag lag;

    CustomerViewRebuild(CustomerViewRepository views, EventTopics topics, MeterRegistry registry) {
        this.views = views;
        this.topics = topics;
        this.lag = new ProjectionLag(NAME, registry, Clock.systemUTC());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String listenerId() {
        return CustomerViewProjection.LISTENER_ID;
    }

    @Override
    public String groupId() {
        return CustomerViewProjection.GROUP_ID;
    }

    @Override
    public String topic() {
        return topics.events();
    }

    @Override
    public ProjectionLag lag() {
        return lag;
    }

    @Override
    public void clear() {
        views.truncateAll();
        lag.reset();
    }
}
