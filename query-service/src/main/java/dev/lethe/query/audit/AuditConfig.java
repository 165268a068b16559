package dev.lethe.query.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AuditConfig {

    @Bean
    CheckpointKeys checkpointKeys(AuditProperties properties) {
        return new CheckpointKeys(properties.checkpoint());
    }

    @Bean
    AuditedEvents auditedEvents(ObjectMapper eventObjectMapper) {
        return new AuditedEvents(eventObjectMapper);
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
