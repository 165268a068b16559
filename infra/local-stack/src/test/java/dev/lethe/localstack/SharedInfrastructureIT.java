package dev.lethe.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

class SharedInfrastructureIT {

    private final TestInfrastructure infrastructure = TestInfrastructure.shared();

    @Test
    void isOneInstancePerJvm() {
        assertThat(TestInfrastructure.shared()).isSameAs(infrastructure);
    }

    @Test
    void createsAFreshEmptyDatabaseForEachCaller() throws Exception {
        String first = infrastructure.createDatabase("Query-Service");
        String second = infrastructure.createDatabase("Query-Service");

        assertThat(first).isNotEqualTo(second).contains("/query_service_");
        try (Connection connection = DriverManager.getConnection(first, infrastructure.username(), infrastructure.password());
             Statement statement = connection.createStatement();
             ResultSet tables = statement.executeQuery(
                     "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
            tables.next();
            assertThat(tables.getInt(1)).isZero();
        }
    }

    @Test
    void offersABrokerThatAnswers() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infrastructure.bootstrapServers()))) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        }
    }
}
