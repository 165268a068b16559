package dev.lethe.query.config;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
class KafkaConsumerConfig {

    private static final Logger log = LoggerFactory.getLogger(KafkaConsumerConfig.class);

    /**
     * A projection that skips an event is silently wrong for good, so a failing event is retried (with
     * back-off) until it applies; the stalled partition shows up as projection lag instead. Retries never run
     * out, so each failed attempt is logged here, or an operator would never learn why the lag grows.
     */
    @Bean
    CommonErrorHandler projectionErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        DefaultErrorHandler handler = new DefaultErrorHandler(backOff);
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int attempt) {
                log.warn("event at {}-{} offset {} failed (attempt {}), retrying: {}", record.topic(),
                        record.partition(), record.offset(), attempt, describe(failure));
            }

            /** The projections apply a poll per transaction, so a failure retries the whole poll. */
            @Override
            public void failedDelivery(ConsumerRecords<?, ?> records, Exception failure, int attempt) {
                log.warn("a batch of {} events on {} failed (attempt {}), retrying: {}", records.count(),
                        records.partitions(), attempt, describe(failure));
            }
        });
        return handler;
    }

    /**
     * The causes' types and SQL states, not their messages: a database message can quote the row it refused,
     * which may be personal data.
     */
    static String describe(Throwable failure) {
        List<String> causes = new ArrayList<>();
        for (Throwable cause = failure; cause != null && causes.size() < 8; cause = cause.getCause()) {
            causes.add(cause instanceof SQLException sql && sql.getSQLState() != null
                    ? cause.getClass().getName() + "[SQLState " + sql.getSQLState() + "]"
                    : cause.getClass().getName());
        }
        return String.join(" <- ", causes);
    }
}
