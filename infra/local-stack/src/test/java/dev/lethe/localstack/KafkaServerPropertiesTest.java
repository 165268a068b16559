package dev.lethe.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaServerPropertiesTest {

    @Test
    void describesASingleNodeKraftClusterOnLoopbackThatCreatesNoTopicsByItself() throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(KafkaServerProperties.render(19092, 19093, Path.of("/data/kafka"))));

        assertThat(properties)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("controller.quorum.voters", "1@localhost:19093")
                .containsEntry("listeners", "PLAINTEXT://localhost:19092,CONTROLLER://localhost:19093")
                .containsEntry("advertised.listeners", "PLAINTEXT://localhost:19092")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("auto.create.topics.enable", "false")
                // purged command segments go within seconds, not Kafka's default of 5 minutes
                .containsEntry("log.retention.check.interval.ms", "10000")
                .containsEntry("log.dirs", "/data/kafka");
    }

    @Test
    void aSaslListenerAuthenticatesItsUsersAndEnforcesAclsWhileThePlaintextListenerStaysTheSuperUser() throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(KafkaServerProperties.render(19092, 19093, Path.of("/data/kafka"), 19094,
                Map.of("webshop", "w-secret", "crm", "c-secret"))));

        assertThat(properties)
                .containsEntry("listeners",
                        "PLAINTEXT://localhost:19092,CONTROLLER://localhost:19093,SASL_PLAINTEXT://localhost:19094")
                .containsEntry("listener.security.protocol.map",
                        "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT")
                .containsEntry("sasl.enabled.mechanisms", "PLAIN")
                .containsEntry("listener.name.sasl_plaintext.plain.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required "
                                + "user_crm=\"c-secret\" user_webshop=\"w-secret\";")
                .containsEntry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .containsEntry("super.users", "User:ANONYMOUS");
    }
}
