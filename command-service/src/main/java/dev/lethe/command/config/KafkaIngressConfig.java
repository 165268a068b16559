package dev.lethe.command.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
class KafkaIngressConfig {

    /**
     * Only infrastructure failures reach the container (bad records are answered, defects parked), so a
     * failure here means "the database or broker is away": retry the same record until it is back, rather
     * than skipping a command that a source system believes was sent.
     */
    @Bean
    CommonErrorHandler ingressErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return new DefaultErrorHandler(backOff);
    }
}
