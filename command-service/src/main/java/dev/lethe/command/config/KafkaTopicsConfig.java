package dev.lethe.command.config;

import dev.lethe.command.ingress.IngressTopics;
import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/** Declares the topics this service owns; Spring's KafkaAdmin creates the missing ones at start-up. */
@Configuration(proxyBeanMethods = false)
class KafkaTopicsConfig {

    private static final Duration SEGMENT_ROLL = Duration.ofHours(1);

    @Bean
    NewTopic commandsTopic(LetheTopics topics) {
        return plaintextCarrying(topics.commands(), topics);
    }

    @Bean
    NewTopic commandsDlqTopic(LetheTopics topics) {
        return plaintextCarrying(topics.commandsDlq(), topics);
    }

    @Bean
    NewTopic commandResultsTopic(LetheTopics topics) {
        return TopicBuilder.name(topics.commandResults())
                .partitions(topics.partitions())
                .replicas(topics.replicationFactor())
                .build();
    }

    /** One command topic per source when per-source topics are on; the same short retention. */
    @Bean
    KafkaAdmin.NewTopics sourceCommandTopics(IngressTopics ingressTopics, LetheTopics topics) {
        return new KafkaAdmin.NewTopics(ingressTopics.sourceTopics().stream()
                .map(name -> plaintextCarrying(name, topics)).toArray(NewTopic[]::new));
    }

    /** Events are kept: every personal field in them is encrypted, so erasure needs no topic rewrite. */
    @Bean
    NewTopic eventsTopic(LetheTopics topics) {
        return TopicBuilder.name(topics.events())
                .partitions(topics.partitions())
                .replicas(topics.replicationFactor())
                .config(TopicConfig.RETENTION_MS_CONFIG, "-1")
                .build();
    }

    /**
     * Commands arrive in plaintext from their producers, so they must not outlive their processing by
     * much: short time-based retention is what makes erasure reach this topic too.
     */
    private static NewTopic plaintextCarrying(String name, LetheTopics topics) {
        return TopicBuilder.name(name)
                .partitions(topics.partitions())
                .replicas(topics.replicationFactor())
                .config(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(topics.commandsRetention().toMillis()))
                // retention only deletes closed segments: roll them often enough for it to bite
                .config(TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(SEGMENT_ROLL.toMillis()))
                .build();
    }
}
