package dev.lethe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

    private static final Path SERVICES = Path.of("target", "services");

    @Test
    void defaultsToTheEmbeddedStackOnTheDocumentedPorts() {
        LaunchOptions options = LaunchOptions.parse(new String[0], Map.of(), SERVICES);

        assertThat(options.dataDirectory()).isEqualTo(Path.of(".lethe-data"));
        assertThat(options.logsDirectory()).isEqualTo(Path.of(".lethe-data", "logs"));
        assertThat(options.kafkaPort()).isEqualTo(9092);
        assertThat(options.postgresPort()).isEqualTo(15432);
        assertThat(options.queryPort()).isEqualTo(8080);
        assertThat(options.commandPort()).isEqualTo(8081);
        assertThat(options.externalDatabase()).isFalse();
        assertThat(options.externalKafka()).isFalse();
        assertThat(options.servicesDirectory()).isEqualTo(SERVICES);
    }

    @Test
    void takesOptionsBeforeEnvironmentBeforeDefaults() {
        LaunchOptions options = LaunchOptions.parse(
                new String[] {"--query-port=9080", "--data-dir=/var/lethe"},
                Map.of("LETHE_QUERY_PORT", "7080", "LETHE_COMMAND_PORT", "7081"), SERVICES);

        assertThat(options.queryPort()).isEqualTo(9080);
        assertThat(options.commandPort()).isEqualTo(7081);
        assertThat(options.dataDirectory()).isEqualTo(Path.of("/var/lethe"));
    }

    @Test
    void usesAnExternalDatabaseAndBrokerWhenNamed() {
        LaunchOptions options = LaunchOptions.parse(new String[] {"--bootstrap-servers=kafka:9092"},
                Map.of("LETHE_JDBC_URL", "jdbc:postgresql://db:5432/lethe", "LETHE_JDBC_USER", "lethe"), SERVICES);

        assertThat(options.externalDatabase()).isTrue();
        assertThat(options.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/lethe");
        assertThat(options.jdbcUser()).isEqualTo("lethe");
        assertThat(options.externalKafka()).isTrue();
        assertThat(options.bootstrapServers()).isEqualTo("kafka:9092");
    }

    @Test
    void rejectsUnknownOptionsAndBadPorts() {
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] {"--kafka-prot=1"}, Map.of(), SERVICES))
                .hasMessage("unknown option --kafka-prot");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] {"--query-port=http"}, Map.of(), SERVICES))
                .hasMessageContaining("--query-port");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] {"--query-port=70000"}, Map.of(), SERVICES))
                .hasMessage("--query-port is not a port: 70000");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[0], Map.of("LETHE_QUERY_PORT", "70000"), SERVICES))
                .hasMessage("--query-port is not a port: 70000");
    }

    @Test
    void namesAMisspeltOptionWithoutItsValue() {
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] {"--jdbc-pasword=s3cret"}, Map.of(), SERVICES))
                .hasMessage("unknown option --jdbc-pasword");
        assertThatThrownBy(() -> LaunchOptions.parse(new String[] {"stray"}, Map.of(), SERVICES))
                .hasMessage("unexpected argument stray");
    }

    @Test
    void aBlankVariableOrValueKeepsTheEmbeddedStack() {
        LaunchOptions options = LaunchOptions.parse(new String[] {"--bootstrap-servers="},
                Map.of("LETHE_JDBC_URL", " ", "LETHE_DATA_DIR", ""), SERVICES);

        assertThat(options.externalDatabase()).isFalse();
        assertThat(options.externalKafka()).isFalse();
        assertThat(options.dataDirectory()).isEqualTo(Path.of(".lethe-data"));
    }

    @Test
    void aLaterOptionWins() {
        LaunchOptions options = LaunchOptions.parse(new String[] {"--query-port=9080", "--query-port=9090"},
                Map.of(), SERVICES);

        assertThat(options.queryPort()).isEqualTo(9090);
    }

    @Test
    void recognisesHelp() {
        assertThat(LaunchOptions.parse(new String[] {"--help"}, Map.of(), SERVICES).help()).isTrue();
    }

    @Test
    void theGeneratedHelpNamesEveryOptionAndItsVariable() {
        String usage = LaunchOptions.usage();

        assertThat(usage).startsWith("Usage: java -jar lethe-local.jar");
        for (String option : new String[] {"--data-dir", "--kafka-port", "--kafka-controller-port", "--postgres-port",
                "--query-port", "--command-port", "--jdbc-url", "--jdbc-user", "--jdbc-password",
                "--bootstrap-servers", "--services-dir", "--health-timeout", "--help"}) {
            assertThat(usage).contains(option);
        }
        assertThat(usage).contains("LETHE_KAFKA_BOOTSTRAP", "LETHE_JDBC_URL", "LETHE_QUERY_PORT");
    }
}
