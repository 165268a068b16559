package dev.lethe.query.operations;

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
class ProjectionsHealthIndicator implements HealthIndicator {

    private final ProjectionRebuilder projections;

    ProjectionsHealthIndicator(ProjectionRebuilder projections) {
        this.projections = projections;
    }

    @Override
    public Health health() {
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
