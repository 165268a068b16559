package dev.lethe.localstack;

import dev.lethe.localstack.TestInfrastructure.PostgresEndpoint;
import dev.lethe.localstack.TestInfrastructure.Started;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The same servers as the local stack, in containers, for machines with a Docker engine. */
final class Containers {

    static final String POSTGRES_IMAGE = "postgres:16-alpine";
    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";

    private Containers() {
    }

    static Started<PostgresEndpoint> postgres(String database) {
        PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE).withDatabaseName(database);
        container.start();
        return new Started<>(new PostgresEndpoint(container.getJdbcUrl(), container.getUsername(), container.getPassword()),
                container::stop);
    }

    static Started<String> kafka() {
        KafkaContainer container = new KafkaContainer(KAFKA_IMAGE)
                // as in the local stack: the services create their topics, groups start at once
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        container.start();
        return new Started<>(container.getBootstrapServers(), container::stop);
    }
}
