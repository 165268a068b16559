package dev.lethe.query.audit;

import dev.lethe.query.config.EventTopics;
import dev.lethe.query.projection.ParkedRecord;
import dev.lethe.query.projection.Projection;
import dev.lethe.query.projection.ProjectionLag;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/**
 * The audit trail as the operations endpoints and the health see it. Not rebuildable: the trail is append-only
 * and its hash chain is the evidence.
 */
@Component
class AuditTrailOperations implements Projection {

    private final EventTopics topics;
    private final String groupId;
    private final ProjectionLag lag;
    /** The listener itself depends on this bean's lag; it is looked up only when a retry runs. */
    private final ObjectProvider<AuditTrailProjection> projection;

    AuditTrailOperations(EventTopics topics, @Value("${lethe.audit.consumer-group:lethe-query-audit}") String groupId,
                         @Qualifier("auditTrailLag") ProjectionLag auditTrailLag,
                         ObjectProvider<AuditTrailProjection> projection) {
        this.topics = topics;
        this.groupId = groupId;
        this.lag = auditTrailLag;
        this.projection = projection;
    }

    @Override
    public String name() {
        return AuditTrailProjection.NAME;
    }

    @Override
    public String listenerId() {
        return AuditTrailProjection.LISTENER_ID;
    }

    @Override
    public String groupId() {
        return groupId;
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

    @Configuration(proxyBeanMethods = false)
    static class Lag {

        @Bean
        ProjectionLag auditTrailLag(MeterRegistry registry) {
            return new ProjectionLag(AuditTrailProjection.NAME, registry, Clock.systemUTC());
        }
    }
}
