package dev.lethe.benchmark.axon;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lethe.localstack.LocalPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * What a team would otherwise run: Axon 4.13 with its default configuration (simple command bus, no aggregate cache,
 * no snapshots) and the JDBC event store with Axon's own table layout on the same embedded PostgreSQL build and
 * settings as the platform ({@code fsync} on), in its own server and database; wired as Spring Boot's
 * auto-configuration wires it (a Hikari pool of 10 and Spring's transaction manager). No Kafka, no encryption, no
 * identity resolution, no projections. The same command mix goes through the {@code CommandGateway}; each thread
 * aims its updates at the customers it registered itself, as one producer's key would.
 */
public final class PlainAxonBaseline implements AutoCloseable {

    private final LocalPostgres postgres;
    private final HikariDataSource dataSource;
    private final Configuration axon;

    private PlainAxonBaseline(LocalPostgres postgres, HikariDataSource dataSource, Configuration axon) {
        this.postgres = postgres;
        this.dataSource = dataSource;
        this.axon = axon;
    }

    public static PlainAxonBaseline start(Path dataDirectory) {
        LocalPostgres postgres = LocalPostgres.start(LocalPostgres.Options.persistent(dataDirectory, 0));
        try {
            HikariConfig pool = new HikariConfig();
            pool.setJdbcUrl(postgres.ensureDatabase("plain_axon"));
            pool.setUsername(postgres.username());
            pool.setPassword(postgres.password());
            pool.setMaximumPoolSize(10);
            HikariDataSource dataSource = new HikariDataSource(pool);
            TransactionManager transactions = new SpringTransactionManager(new DataSourceTransactionManager(dataSource));
            ConnectionProvider connections = new SpringDataSourceConnectionProvider(dataSource);
            Serializer serializer = JacksonSerializer.defaultSerializer();
            JdbcEventStorageEngine storage = JdbcEventStorageEngine.builder().connectionProvider(connections)
                    .transactionManager(transactions).eventSerializer(serializer).snapshotSerializer(serializer).build();
            storage.createSchema(PostgresEventTableFactory.INSTANCE);
            Configuration axon = DefaultConfigurer.defaultConfiguration()
                    .configureSerializer(configuration -> serializer)
                    .configureTransactionManager(configuration -> transactions)
                    .configureEmbeddedEventStore(configuration -> storage)
                    .configureAggregate(BaselineCustomer.class)
                    .buildConfiguration();
            axon.start();
            return new PlainAxonBaseline(postgres, dataSource, axon);
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    /** @return commands per second over all threads, from the first send to the last answer */
    public double run(int commands, int threads, long seed) throws Exception {
        CommandGateway gateway = axon.commandGateway();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            long start = System.nanoTime();
            for (int thread = 0; thread < threads; thread++) {
                int share = commands / threads + (thread < commands % threads ? 1 : 0);
                long threadSeed = seed + thread;
                workers.add(pool.submit(() -> send(gateway, share, threadSeed)));
            }
            for (Future<?> worker : workers) {
                worker.get(10, TimeUnit.MINUTES);
            }
            return commands / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Void send(CommandGateway gateway, int commands, long seed) {
        Random random = new Random(seed);
        List<String> customers = new ArrayList<>();
        List<Boolean> consented = new ArrayList<>();
        for (int i = 0; i < commands; i++) {
            int draw = customers.isEmpty() ? 0 : random.nextInt(100);
            if (draw < 60) {
                String id = UUID.randomUUID().toString();
                long phone = 1_000_000_000L + Math.floorMod(random.nextLong(), 8_999_999_999L);
                gateway.sendAndWait(new BaselineMessages.Register(id, "Bench Person", "bench-" + id + "@example.org",
                        "+49 " + phone, "Hauptstr. 1", "10115", "Berlin", "DE"));
                customers.add(id);
                consented.add(false);
                continue;
            }
            int index = random.nextInt(customers.size());
            String id = customers.get(index);
            if (draw < 90) {
                gateway.sendAndWait(new BaselineMessages.UpdateEmail(id, "u-" + UUID.randomUUID() + "@example.org"));
            } else if (draw < 98) {
                boolean grant = !consented.get(index);
                gateway.sendAndWait(grant ? new BaselineMessages.GrantConsent(id, "email", "newsletter-v3")
                        : new BaselineMessages.WithdrawConsent(id, "email"));
                consented.set(index, grant);
            } else {
                gateway.sendAndWait(new BaselineMessages.Erase(id, "DATA_SUBJECT_REQUEST"));
                customers.remove(index);
                consented.remove(index);
            }
        }
        return null;
    }

    /** The baseline's own database, for checks of the server it runs on. */
    String jdbcUrl() {
        return dataSource.getJdbcUrl();
    }

    String username() {
        return postgres.username();
    }

    String password() {
        return postgres.password();
    }

    @Override
    public void close() {
        try {
            axon.shutdown();
        } finally {
            dataSource.close();
            postgres.close();
        }
    }
}
