package dev.lethe.command.ingress.transport;

import dev.lethe.command.ingress.IngressProperties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.stereotype.Component;

/**
 * What the container does with a record that failed transiently {@code lethe.ingress.retry.max-attempts} times:
 * give it up ({@link CommandIngress#recover}), unless the database or broker is unreachable. Then nothing can be
 * logged or answered, and giving up would turn an outage into {@code INTERNAL_ERROR} answers for commands that
 * will succeed once it is over: the recoverer fails instead, and the container starts the record's retries afresh.
 */
@Component
class ExhaustedRetries implements ConsumerRecordRecoverer {

    private static final Logger LOG = LoggerFactory.getLogger(ExhaustedRetries.class);

    private final CommandIngress ingress;
    private final int maxAttempts;

    ExhaustedRetries(CommandIngress ingress, IngressProperties properties) {
        this.ingress = ingress;
        this.maxAttempts = properties.retry().maxAttempts();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void accept(ConsumerRecord<?, ?> record, Exception failure) {
        if (Failures.isUnreachable(failure)) {
            LOG.warn("Record {}-{}@{} failed {} times; the database or broker is unreachable ({}), retrying on",
                    record.topic(), record.partition(), record.offset(), maxAttempts, Failures.describe(failure));
            throw new KafkaException("the database or broker is unreachable; the record is retried", failure);
        }
        ingress.recover((ConsumerRecord<String, byte[]>) record, failure, maxAttempts);
    }
}
