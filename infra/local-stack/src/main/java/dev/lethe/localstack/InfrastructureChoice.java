package dev.lethe.localstack;

import dev.lethe.localstack.TestInfrastructure.PostgresEndpoint;
import dev.lethe.localstack.TestInfrastructure.Started;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/** Decides, per part, between an external server, a container and the local stack, and starts it. */
final class InfrastructureChoice {

    static final String JDBC_URL = "LETHE_TEST_JDBC_URL";
    static final String JDBC_USER = "LETHE_TEST_JDBC_USER";
    static final String JDBC_PASSWORD = "LETHE_TEST_JDBC_PASSWORD";
    static final String KAFKA_BOOTSTRAP = "LETHE_TEST_KAFKA_BOOTSTRAP";
    static final String DATABASE = "lethe";

    private static final Logger LOG = LoggerFactory.getLogger(InfrastructureChoice.class);

    private final Environment environment;
    private Boolean dockerAvailable;

    InfrastructureChoice(Environment environment) {
        this.environment = environment;
    }

    Started<PostgresEndpoint> postgres() {
        String externalUrl = environment.get(JDBC_URL);
        if (externalUrl != null) {
            LOG.info("Tests use the external PostgreSQL at {} ({})", externalUrl, JDBC_URL);
            return new Started<>(new PostgresEndpoint(externalUrl, environment.getOrDefault(JDBC_USER, "postgres"),
                    environment.getOrDefault(JDBC_PASSWORD, "")), () -> { });
        }
        if (dockerAvailable()) {
            LOG.info("Tests use PostgreSQL in a Testcontainers container");
            return Containers.postgres(DATABASE);
        }
        // Throwaway data: tests trade crash safety for speed; the durability tests start durable servers of their own.
        // TestInfrastructure stops it at exit, after the tests' application contexts (no hook of its own).
        LocalPostgres postgres = LocalPostgres.start(LocalPostgres.Options.temporary().notCrashSafe().withoutShutdownHook());
        LOG.info("Tests use the local stack's PostgreSQL on port {} (no {} and no Docker engine)", postgres.port(), JDBC_URL);
        return new Started<>(new PostgresEndpoint(postgres.ensureDatabase(DATABASE), postgres.username(), postgres.password()),
                postgres);
    }

    Started<String> kafka() {
        String externalBootstrap = environment.get(KAFKA_BOOTSTRAP);
        if (externalBootstrap != null) {
            LOG.info("Tests use the external Kafka at {} ({})", externalBootstrap, KAFKA_BOOTSTRAP);
            return new Started<>(externalBootstrap, () -> { });
        }
        if (dockerAvailable()) {
            LOG.info("Tests use Kafka in a Testcontainers container");
            return Containers.kafka();
        }
        LocalKafka kafka = LocalKafka.start(LocalKafka.Options.temporary().withoutShutdownHook());
        LOG.info("Tests use the local stack's Kafka broker at {} (no {} and no Docker engine)",
                kafka.bootstrapServers(), KAFKA_BOOTSTRAP);
        return new Started<>(kafka.bootstrapServers(), kafka);
    }

    private synchronized boolean dockerAvailable() {
        if (dockerAvailable == null) {
            try {
                dockerAvailable = DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("Docker probe failed", e);
                dockerAvailable = false;
            }
        }
        return dockerAvailable;
    }
}
