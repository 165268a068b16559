package dev.lethe.command.axon;

import org.springframework.boot.autoconfigure.AutoConfiguration;

/**
 * Intentionally empty. Under Spring Boot 4 without JPA, Axon's JDBC auto-configuration is evaluated before
 * the DataSource exists and backs off, leaving Axon with an in-memory event store. Ordering this class
 * between the two makes Boot evaluate them in the right order.
 */
@AutoConfiguration(
        afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        beforeName = "org.axonframework.springboot.autoconfig.JdbcAutoConfiguration")
public class AxonJdbcAfterDataSource {
}
