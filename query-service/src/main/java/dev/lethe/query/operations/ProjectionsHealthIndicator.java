package dev.lethe.query.operations;

import dev.lethe.support.health.TimeBoxedHealthCheck;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code projections} component of {@code /actuator/health}: {@code DOWN} while any projection has a parked
 * event, with per projection the number parked and their reason codes (details for operators only). A parked
 * event means the read model is behind the store for that customer until an operator retries or rebuilds.
 */
@Component
class ProjectionsHealthIndicator implements HealthIndicator, AutoCloseable {

    private final ProjectionRebuilder projections;
    /*
     * The parked events are counted in the database: with it gone, a probe must still be answered within seconds,
     * after the db check's own 2.5 s. Not cached: an operator retrying a parked event wants to see the result at once.
     */
    private final TimeBoxedHealthCheck check = new TimeBoxedHealthCheck("projections", Duration.ofSeconds(1),
            Duration.ZERO, this::parkedEvents);

    ProjectionsHealthIndicator(ProjectionRebuilder projections) {
        this.projections = projections;
    }

    @Override
    public Health health() {
        return check.health();
    }

    @Override
    public void close() {
        check.close();
    }

    private Health parkedEvents() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean anyParked = false;
        for (ProjectionRebuilder.ProjectionStatus status : projections.status()) {
            anyParked |= status.parkedEvents() > 0;
            details.put(status.name(), Map.of("status", status.status(), "running", status.running(),
                    "parkedEvents", status.parkedEvents(), "parkedReasons", status.parkedReasons()));
        }
        return (anyParked ? Health.down() : Health.up()).withDetails(details).build();
    }
}
