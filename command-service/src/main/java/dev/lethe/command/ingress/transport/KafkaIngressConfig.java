package dev.lethe.command.ingress.transport;

import dev.lethe.command.ingress.IngressProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

@Configuration(proxyBeanMethods = false)
class KafkaIngressConfig {

    /**
     * Bad records are answered and defects given up by the listener itself, so what reaches the container is a
     * transient failure (the database or broker busy or away, a lost race, a timeout). It retries the failed record
     * with capped exponential back-off, at most {@code lethe.ingress.retry.max-attempts} times in all, then hands
     * it to the recoverer, which parks and answers it, or fails while the database or broker is unreachable, which
     * starts the back-off afresh ({@code resetStateOnRecoveryFailure}). The count stays with the record even when
     * its failure changes type, so a record that fails differently each time is bounded too.
     */
    @Bean
    CommonErrorHandler ingressErrorHandler(ConsumerRecordRecoverer exhaustedRetries, IngressProperties properties) {
        IngressProperties.Retry retry = properties.retry();
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(retry.maxAttempts() - 1);
        backOff.setInitialInterval(retry.initialInterval().toMillis());
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(retry.maxInterval().toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(exhaustedRetries, backOff);
        handler.setResetStateOnExceptionChange(false);
        handler.setResetStateOnRecoveryFailure(true);
        return handler;
    }
}
