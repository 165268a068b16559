package dev.lethe.localstack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The broker configuration of a single-node KRaft cluster: one process is broker and controller. */
final class KafkaServerProperties {

    static final int NODE_ID = 1;
    static final long RETENTION_CHECK_INTERVAL_MS = 10_000;

    private KafkaServerProperties() {
    }

    static String render(int port, int controllerPort, Path logDirectory) {
        return render(port, controllerPort, logDirectory, 0, Map.of());
    }

    /**
     * @param saslPort  a second listener, SASL/PLAIN, on which clients authenticate as one of {@code saslUsers} and
     *                  ACLs apply; 0 for none. Clients of the plaintext listener (ANONYMOUS) stay super users, so
     *                  the platform and its tests work as before; topics without ACLs stay open to everyone.
     */
    static String render(int port, int controllerPort, Path logDirectory, int saslPort, Map<String, String> saslUsers) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", String.valueOf(NODE_ID));
        properties.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        // Loopback only: a local broker carries personal data and has no authentication.
        properties.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        properties.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("log.dirs", logDirectory.toAbsolutePath().toString().replace("\\", "/"));
        properties.put("num.partitions", "1");
        properties.put("offsets.topic.replication.factor", "1");
        // 50 partitions by default: creating them delays the first consumer group on a small machine.
        properties.put("offsets.topic.num.partitions", "5");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("transaction.state.log.num.partitions", "5");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.put("group.initial.rebalance.delay.ms", "0");
        // The services create their topics with the partitions and retention they need.
        properties.put("auto.create.topics.enable", "false");
        // Segments below a partition's log start offset (purged command topics) and past retention are deleted at the
        // next check; Kafka's default checks every 5 minutes. Together with the topics' segment.ms and
        // file.delete.delay.ms this bounds how long a purged command's file stays (docs/architecture.md).
        properties.put("log.retention.check.interval.ms", String.valueOf(RETENTION_CHECK_INTERVAL_MS));
        properties.put("num.network.threads", "2");
        properties.put("num.io.threads", "4");
        if (saslPort != 0) {
            properties.put("listeners", properties.get("listeners") + ",SASL_PLAINTEXT://localhost:" + saslPort);
            properties.put("advertised.listeners", properties.get("advertised.listeners")
                    + ",SASL_PLAINTEXT://localhost:" + saslPort);
            properties.put("listener.security.protocol.map", properties.get("listener.security.protocol.map")
                    + ",SASL_PLAINTEXT:SASL_PLAINTEXT");
            properties.put("sasl.enabled.mechanisms", "PLAIN");
            properties.put("listener.name.sasl_plaintext.plain.sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required "
                            + saslUsers.entrySet().stream().sorted(Map.Entry.comparingByKey())
                            .map(user -> "user_" + user.getKey() + "=\"" + user.getValue() + "\"")
                            .collect(Collectors.joining(" ")) + ";");
            properties.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            properties.put("super.users", "User:ANONYMOUS");
            properties.put("allow.everyone.if.no.acl.found", "true");
        }
        return properties.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
    }
}
