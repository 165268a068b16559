package dev.lethe.localstack;

import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server and Kafka broker of every integration test, one of each per JVM.
 *
 * <p>Chosen in this order: an external stack named by {@code LETHE_TEST_JDBC_URL} (with
 * {@code LETHE_TEST_JDBC_USER}, {@code LETHE_TEST_JDBC_PASSWORD}) and {@code LETHE_TEST_KAFKA_BOOTSTRAP};
 * else Testcontainers when a Docker engine answers; else the local stack ({@link LocalPostgres},
 * {@link LocalKafka}) in temporary directories on free ports. Nothing is skipped for want of Docker.
 *
 * <p>Each part starts on first use, so a module that needs only a database never pays for a broker.
 * A part that failed to start fails every later use with the same error instead of retrying for each test class.
 */
public final class TestInfrastructure {

    private static final Logger LOG = LoggerFactory.getLogger(TestInfrastructure.class);
    private static final TestInfrastructure SHARED = new TestInfrastructure(Environment.system());

    private final Once<PostgresEndpoint> postgres;
    private final Once<String> kafka;

    TestInfrastructure(Environment environment) {
        InfrastructureChoice choice = new InfrastructureChoice(environment);
        this.postgres = new Once<>(choice::postgres);
        this.kafka = new Once<>(choice::kafka);
        ShutdownHook.register("test-infrastructure", () -> {
            SpringContextsAtExit.awaitClosed();
            stop();
        });
    }

    public static TestInfrastructure shared() {
        return SHARED;
    }

    /** JDBC URL of the shared database {@code lethe}; prefer {@link #createDatabase(String)} for isolation. */
    public String jdbcUrl() {
        return postgres.get().jdbcUrl();
    }

    public String username() {
        return postgres.get().username();
    }

    public String password() {
        return postgres.get().password();
    }

    public String bootstrapServers() {
        return kafka.get();
    }

    /** A fresh, empty database named {@code <prefix>_<random>}; returns its JDBC URL. */
    public String createDatabase(String prefix) {
        PostgresEndpoint endpoint = postgres.get();
        String name = (prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        if (!Character.isLetter(name.charAt(0))) {
            name = "db_" + name;
        }
        Databases.ensureExists(endpoint.jdbcUrl(), endpoint.username(), endpoint.password(), name);
        return Databases.withDatabase(endpoint.jdbcUrl(), name);
    }

    private void stop() {
        // The broker first: clients of the database may still be flushing through it.
        kafka.closeIfStarted();
        postgres.closeIfStarted();
    }

    /** Lazily computed, thread-safe, remembers a failure; closes what it made if that is closeable. */
    static final class Once<T> {
        private final Supplier<Started<T>> factory;
        private Started<T> value;
        private RuntimeException failure;

        Once(Supplier<Started<T>> factory) {
            this.factory = factory;
        }

        synchronized T get() {
            if (failure != null) {
                throw new IllegalStateException("test infrastructure failed to start earlier: " + failure.getMessage(), failure);
            }
            if (value == null) {
                try {
                    value = factory.get();
                } catch (RuntimeException e) {
                    failure = e;
                    throw e;
                }
            }
            return value.value();
        }

        synchronized void closeIfStarted() {
            if (value != null) {
                try {
                    value.closer().close();
                } catch (Exception e) {
                    LOG.warn("test infrastructure did not stop cleanly", e);
                }
            }
        }
    }

    record Started<T>(T value, AutoCloseable closer) {
    }

    record PostgresEndpoint(String jdbcUrl, String username, String password) {
    }
}
