package dev.lethe.support.health;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Health of the Kafka cluster (component {@code kafka}): UP when a broker answers {@code describeCluster} within
 * 2 s. Uses the admin client settings of the service's own {@link KafkaAdmin} (bootstrap servers, TLS, SASL), with
 * short timeouts; one client, created on first use and kept, so probes do not open a connection each.
 */
final class KafkaHealthIndicator implements HealthIndicator, AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    private final Map<String, Object> adminConfig;
    private final TimeBoxedHealthCheck check;
    private Admin admin;

    KafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
        this.adminConfig = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "lethe-health");
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
        adminConfig.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        this.check = new TimeBoxedHealthCheck("kafka", this::describeCluster);
    }

    /** Runs on the check's own thread only, so the client needs no further guarding. */
    private Health describeCluster() throws Exception {
        if (admin == null) {
            admin = Admin.create(adminConfig);
        }
        DescribeClusterResult cluster = admin.describeCluster(
                new DescribeClusterOptions().timeoutMs((int) REQUEST_TIMEOUT.toMillis()));
        int nodes = cluster.nodes().get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
        String clusterId = cluster.clusterId().get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return (nodes > 0 ? Health.up() : Health.down()).withDetail("clusterId", clusterId).withDetail("nodes", nodes)
                .build();
    }

    @Override
    public Health health() {
        return check.health();
    }

    @Override
    public void close() {
        check.close();
        Admin client = admin;
        if (client != null) {
            client.close(Duration.ofSeconds(1));
        }
    }
}
