package dev.lethe.support.health;

import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Health that reports the database and the broker within seconds, in {@code /actuator/health} and the readiness
 * probe ({@code management.endpoint.health.group.readiness}); liveness stays independent of them, so a platform
 * does not restart a service for an outage it will ride out. Before Spring Boot's own {@code db} indicator, which
 * backs off when this one's name is taken.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"},
        beforeName = "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration")
class HealthAutoConfiguration {

    /** Named so that it replaces Spring Boot's own {@code db} indicator. */
    @Bean(name = "dbHealthIndicator")
    @ConditionalOnBean(DataSource.class)
    @ConditionalOnMissingBean(name = "dbHealthIndicator")
    DatabaseHealthIndicator dbHealthIndicator(DataSource dataSource) {
        return new DatabaseHealthIndicator(dataSource);
    }

    @Bean(name = "kafkaHealthIndicator")
    @ConditionalOnBean(KafkaAdmin.class)
    @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
        return new KafkaHealthIndicator(kafkaAdmin);
    }
}
