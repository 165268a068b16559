package dev.lethe.query.customerview;

import dev.lethe.query.config.EventTopics;
import dev.lethe.query.projection.ParkedRecord;
import dev.lethe.query.projection.ProjectionLag;
import dev.lethe.query.projection.RebuildableProjection;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/** The customer view as the operations endpoints see it: its listener, its lag, how to empty it, its retry. */
@Component
class CustomerViewRebuild implements RebuildableProjection {

    static final String NAME = "customer-view";

    private final CustomerViewRepository views;
    private final EventTopics topics;
    private final ProjectionLag lag;
    /** The listener itself depends on this bean's lag; it is looked up only when a retry runs. */
    private final ObjectProvider<CustomerViewProjection> projection;

    CustomerViewRebuild(CustomerViewRepository views, EventTopics topics, @Qualifier("customerViewLag") ProjectionLag customerViewLag,
                        ObjectProvider<CustomerViewProjection> projection) {
        this.views = views;
        this.topics = topics;
        this.lag = customerViewLag;
        this.projection = projection;
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
    public int retry(List<ParkedRecord> parked) {
        return projection.getObject().retry(parked);
    }

    @Override
    public void clear() {
        views.truncateAll();
        lag.reset();
    }

    @Configuration(proxyBeanMethods = false)
    static class Lag {

        @Bean
        ProjectionLag customerViewLag(MeterRegistry registry) {
            return new ProjectionLag(NAME, registry, Clock.systemUTC());
        }
    }
}
