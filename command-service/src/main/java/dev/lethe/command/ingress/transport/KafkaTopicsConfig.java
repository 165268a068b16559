package dev.lethe.command.ingress.transport;

import dev.lethe.command.ingress.IngressProperties;
import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Declares the topics this service owns; Spring's KafkaAdmin creates the missing ones at start-up and, with
 * {@code spring.kafka.admin.modify-topic-configs}, brings the configuration of existing ones in line with these.
 */
@Configuration(proxyBeanMethods = false)
class KafkaTopicsConfig {

    /** Large enough for any burst of commands, small enough that a busy partition's purged files go soon too. */
    private static final int SEGMENT_BYTES = 16 * 1024 * 1024;
    /** Kafka renames a deleted segment and removes its files after this; its default is a minute. */
    private static final Duration FILE_DELETE_DELAY = Duration.ofSeconds(5);

    @Bean
    NewTopic commandsTopic(LetheTopics topics, IngressProperties ingress) {
        return plaintextCarrying(topics.commands(), topics, ingress);
    }

    /** Dead letters are sealed under the ingress key (DeadLetters); kept as briefly as the commands they come from. */
    @Bean
    NewTopic commandsDlqTopic(LetheTopics topics, IngressProperties ingress) {
        return plaintextCarrying(topics.commandsDlq(), topics, ingress);
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
    KafkaAdmin.NewTopics sourceCommandTopics(IngressTopics ingressTopics, LetheTopics topics, IngressProperties ingress) {
        return new KafkaAdmin.NewTopics(ingressTopics.sourceTopics().stream()
                .map(name -> plaintextCarrying(name, topics, ingress)).toArray(NewTopic[]::new));
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
     * much: the purger deletes them once processed (CommandTopicPurger), retention catches what nobody consumed.
     * Kafka deletes files only of closed segments, so segments are rolled after {@code lethe.ingress.segment-roll}
     * (on the next append; the purger appends one to an idle partition) and at 16 MiB. The broker stamps the
     * timestamps (LogAppendTime): rolling is timed by the first record's timestamp, which a producer's clock must
     * not be able to push into the future.
     */
    private static NewTopic plaintextCarrying(String name, LetheTopics topics, IngressProperties ingress) {
        return TopicBuilder.name(name)
                .partitions(topics.partitions())
                .replicas(topics.replicationFactor())
                .config(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(topics.commandsRetention().toMillis()))
                .config(TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(ingress.segmentRoll().toMillis()))
                .config(TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(SEGMENT_BYTES))
                .config(TopicConfig.FILE_DELETE_DELAY_MS_CONFIG, String.valueOf(FILE_DELETE_DELAY.toMillis()))
                .config(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")
                .build();
    }
}
