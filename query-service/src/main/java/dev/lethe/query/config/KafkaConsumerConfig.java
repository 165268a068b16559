package dev.lethe.query.config;

import dev.lethe.query.projection.Failures;
import dev.lethe.query.projection.ParkedEvents;
import dev.lethe.query.projection.ParkingRecoverer;
import dev.lethe.query.projection.ProjectionFailure;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

@Configuration(proxyBeanMethods = false)
class KafkaConsumerConfig {

    private static final Logger log = LoggerFactory.getLogger(KafkaConsumerConfig.class);

    /** How long start-up waits for the broker to describe a topic before it keeps the configured concurrency. */
    private static final Duration DESCRIBE_TIMEOUT = Duration.ofSeconds(3);

    /** Attempts after the first for a failure that is neither known to be deterministic nor transient. */
    static final int UNCLASSIFIED_RETRIES = 3;

    /**
     * The projections' listeners report the failed event of a batch by index ({@code BatchListenerFailedException});
     * the events before it are applied and committed. The failed one is classified by its cause ({@link Failures}):
     * <ul>
     * <li>deterministic ({@link ProjectionFailure.Deterministic}: an {@code UnprojectableEvent}, a constraint
     * violation): not retryable, parked at once by the recoverer;</li>
     * <li>transient (database or key vault away): retried with capped exponential back-off (0.5 s doubling to
     * 30 s) for as long as it takes, since waiting cures it and skipping would make the view wrong for good;</li>
     * <li>anything else: {@value #UNCLASSIFIED_RETRIES} retries a second apart, then parked as
     * {@code APPLY_FAILED}.</li>
     * </ul>
     * Parking never loses the event: it stays on the topic and a retry reads it from there.
     */
    /**
     * No consumer thread without a partition: a listener's concurrency is capped at the partitions of its topics
     * (a group gives each partition to one consumer, so further threads would only poll for nothing). The count is
     * taken once, at start-up; a broker that does not answer within {@link #DESCRIBE_TIMEOUT} leaves the configured
     * concurrency.
     */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> onePartitionPerThread(
            KafkaAdmin kafkaAdmin) {
        return container -> {
            String[] topics = container.getContainerProperties().getTopics();
            if (topics == null || topics.length == 0 || container.getConcurrency() <= 1) {
                return;
            }
            OptionalInt partitions = partitions(kafkaAdmin, List.of(topics));
            if (partitions.isPresent() && partitions.getAsInt() < container.getConcurrency()) {
                log.info("listener {}: concurrency {} capped at the {} partitions of its topics",
                        container.getListenerId(), container.getConcurrency(), partitions.getAsInt());
                container.setConcurrency(Math.max(1, partitions.getAsInt()));
            }
        };
    }

    private static OptionalInt partitions(KafkaAdmin kafkaAdmin, List<String> topics) {
        Map<String, Object> configuration = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        configuration.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) DESCRIBE_TIMEOUT.toMillis());
        configuration.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) DESCRIBE_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(configuration)) {
            return OptionalInt.of(admin.describeTopics(topics).allTopicNames()
                    .get(DESCRIBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).values().stream()
                    .mapToInt(description -> description.partitions().size()).sum());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // not there yet (the command service creates it) or the broker is away: the configured value stands
            return OptionalInt.empty();
        }
    }

    @Bean
    CommonErrorHandler projectionErrorHandler(ParkedEvents parked) {
        ExponentialBackOff transientBackOff = new ExponentialBackOff(500, 2.0);
        transientBackOff.setMaxInterval(30_000);
        transientBackOff.setMaxElapsedTime(Long.MAX_VALUE);
        BackOff unclassifiedBackOff = new FixedBackOff(1_000, UNCLASSIFIED_RETRIES);
        DefaultErrorHandler handler = new DefaultErrorHandler(new ParkingRecoverer(parked), transientBackOff);
        handler.addNotRetryableExceptions(ProjectionFailure.Deterministic.class);
        // a parked record is reported by the recoverer; the container need not log the error handler's seek as an error
        handler.setLogLevel(KafkaException.Level.WARN);
        handler.setBackOffFunction((record, failure) -> Failures.isTransient(failure) ? null : unclassifiedBackOff);
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int attempt) {
                log.warn("event at {}-{} offset {} failed (attempt {}): {}", record.topic(), record.partition(),
                        record.offset(), attempt, Failures.describe(failure));
            }

            @Override
            public void failedDelivery(ConsumerRecords<?, ?> records, Exception failure, int attempt) {
                log.debug("a batch of {} events on {} failed: {}", records.count(), records.partitions(),
                        Failures.describe(failure));
            }

            @Override
            public void recoveryFailed(ConsumerRecord<?, ?> record, Exception original, Exception failure) {
                log.warn("event at {}-{} offset {} could not be parked, it comes again: {}", record.topic(),
                        record.partition(), record.offset(), Failures.describe(failure));
            }
        });
        return handler;
    }
}
