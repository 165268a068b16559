package dev.lethe.command.axon;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.contract.wire.CommandMetadata;
import dev.lethe.shredding.KeyVault;
import dev.lethe.shredding.LetheObjectMapper;
import dev.lethe.shredding.ShreddingSerializer;
import dev.lethe.support.benchmark.BenchmarkSwitches;
import java.time.Clock;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.micrometer.MetricsConfigurerModule;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class AxonConfig {

    private static final int SNAPSHOT_EVERY_EVENTS = 100;

    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("event_store.domain_event_entry")
                .snapshotTable("event_store.snapshot_event_entry")
                .build();
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder().setTokenTable("event_store.token_entry").build();
    }

    /** Axon's own mapper, so that web-layer Jackson settings can never change the stored event format. */
    @Bean
    ObjectMapper defaultAxonObjectMapper() {
        return LetheObjectMapper.create();
    }

    /**
     * Encrypts personal fields with the subject's key on the way into the store, decrypts on the way out.
     * The plaintext variant exists only to measure what encryption costs; see {@link BenchmarkSwitches}.
     */
    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(ObjectMapper defaultAxonObjectMapper, KeyVault keyVault, BenchmarkSwitches benchmark,
                               Environment environment) {
        if (benchmark.plaintextEvents()) {
            benchmark.requireBenchmarkProfile(environment);
            LoggerFactory.getLogger(AxonConfig.class).warn(
                    "Personal data is stored UNENCRYPTED: benchmark mode, never use it with real data");
            return JacksonSerializer.builder().objectMapper(defaultAxonObjectMapper).build();
        }
        return ShreddingSerializer.create(defaultAxonObjectMapper, keyVault);
    }

    /** Who sent the command travels with every event it caused: into the store and into Kafka headers. */
    @Bean
    CorrelationDataProvider commandOriginCorrelation() {
        return new SimpleCorrelationDataProvider(CommandMetadata.KEYS.toArray(String[]::new));
    }

    @Bean
    SnapshotTriggerDefinition customerSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, SNAPSHOT_EVERY_EVENTS);
    }

    /** Keeps a long history's command latency flat; one per thread, see {@link ThreadConfinedCache}. */
    @Bean
    Cache customerCache(JdbcTemplate jdbc, @Value("${lethe.ingress.aggregate-cache-size:5000}") int capacityPerThread) {
        return new ThreadConfinedCache(jdbc, capacityPerThread);
    }

    /**
     * Axon's default logs and skips a failing event handler; for the publisher that would lose the event
     * for Kafka for good. Propagating makes the processor retry the batch instead.
     */
    @Bean
    ConfigurerModule propagateHandlerErrors() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance());
    }

    /** Counters instead of Axon's per-message timers with percentile histograms; see {@link CountingMessageMonitors}. */
    @Bean
    MetricsConfigurerModule axonMessageMonitors(GlobalMetricRegistry metrics) {
        return new CountingMessageMonitors(metrics);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
