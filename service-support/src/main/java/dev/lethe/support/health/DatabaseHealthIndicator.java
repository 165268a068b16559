package dev.lethe.support.health;

import java.sql.Connection;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the database with a deadline (component {@code db}, in place of Spring Boot's, which waits as long as
 * the pool does for a connection: 30 s with the database gone). UP when a pooled connection answers
 * {@link Connection#isValid(int)}.
 */
final class DatabaseHealthIndicator implements HealthIndicator, AutoCloseable {

    private static final int VALIDATION_SECONDS = 2;

    private final TimeBoxedHealthCheck check;

    DatabaseHealthIndicator(DataSource dataSource) {
        this.check = new TimeBoxedHealthCheck("database", () -> {
            try (Connection connection = dataSource.getConnection()) {
                boolean valid = connection.isValid(VALIDATION_SECONDS);
                return (valid ? Health.up() : Health.down())
                        .withDetail("database", connection.getMetaData().getDatabaseProductName())
                        .withDetail("validationQuery", "isValid()").build();
            }
        });
    }

    @Override
    public Health health() {
        return check.health();
    }

    @Override
    public void close() {
        check.close();
    }
}
