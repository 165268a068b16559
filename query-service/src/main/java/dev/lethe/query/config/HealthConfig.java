package dev.lethe.query.config;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Health that reports the database and the broker within seconds, in {@code /actuator/health} and the readiness
 * probe ({@code management.endpoint.health.group.readiness}); liveness stays independent of them, so a platform
 * does not restart a service for an outage it will ride out.
 */
@Configuration(proxyBeanMethods = false)
class HealthConfig {

    /** Named so that it replaces Spring Boot's own {@code db} indicator. */
    @Bean(name = "dbHealthIndicator")
    DatabaseHealthIndicator dbHealthIndicator(DataSource dataSource) {
        return new DatabaseHealthIndicator(dataSource);
    }

    @Bean(name = "kafkaHealthIndicator")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
        return new KafkaHealthIndicator(kafkaAdmin);
    }
}
