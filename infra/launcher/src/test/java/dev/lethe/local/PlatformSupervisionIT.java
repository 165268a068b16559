package dev.lethe.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.lethe.localstack.Processes;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** kill -9 of a service or the broker of a running platform: the part comes back and the platform keeps answering. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformSupervisionIT extends RunningPlatform {

    @Test
    @Order(1)
    void everyPartHasAPidFileNamingItsRunningProcess() {
        PartsOfThePlatform parts = new PartsOfThePlatform(platform);

        for (String part : new String[] {LethePlatform.POSTGRES, LethePlatform.KAFKA, LethePlatform.COMMAND_SERVICE,
                LethePlatform.QUERY_SERVICE}) {
            assertThat(Processes.isRunning(parts.pid(part))).as(part).isTrue();
        }
        assertThat(platform.childPids()).contains(parts.pid(LethePlatform.KAFKA),
                parts.pid(LethePlatform.COMMAND_SERVICE), parts.pid(LethePlatform.QUERY_SERVICE));
    }

    @Test
    @Order(2)
    void aKilledCommandServiceIsRestartedAndAnswersTheNextCommand() throws Exception {
        PartsOfThePlatform parts = new PartsOfThePlatform(platform);

        long killed = parts.kill(LethePlatform.COMMAND_SERVICE);
        long restarted = parts.awaitRestarted(LethePlatform.COMMAND_SERVICE, killed);

        assertThat(restarted).isNotEqualTo(killed);
        assertThat(platform.restarts(LethePlatform.COMMAND_SERVICE)).isGreaterThanOrEqualTo(1);
        assertThat(platform.isClosing()).as("the platform was not torn down").isFalse();
        assertAcceptsANewRegistration();
    }

    @Test
    @Order(3)
    void aKilledBrokerIsRestartedOnItsPortAndDataAndThePlatformAnswersTheNextCommand() throws Exception {
        PartsOfThePlatform parts = new PartsOfThePlatform(platform);
        String bootstrapBefore = platform.bootstrapServers();

        long killed = parts.kill(LethePlatform.KAFKA);
        long restarted = parts.awaitRestarted(LethePlatform.KAFKA, killed);

        assertThat(restarted).isNotEqualTo(killed);
        assertThat(platform.bootstrapServers()).isEqualTo(bootstrapBefore);
        assertThat(platform.restarts(LethePlatform.KAFKA)).isGreaterThanOrEqualTo(1);
        assertAcceptsANewRegistration();
    }

    @Test
    @Order(4)
    void closingStopsEverythingAndRestartsNothing() {
        PartsOfThePlatform parts = new PartsOfThePlatform(platform);
        long commandService = parts.pid(LethePlatform.COMMAND_SERVICE);
        long broker = parts.pid(LethePlatform.KAFKA);
        long postgres = parts.pid(LethePlatform.POSTGRES);
        int restartsBefore = platform.restarts(LethePlatform.COMMAND_SERVICE) + platform.restarts(LethePlatform.KAFKA)
                + platform.restarts(LethePlatform.POSTGRES) + platform.restarts(LethePlatform.QUERY_SERVICE);

        platform.close();

        assertThat(List.of(commandService, broker, postgres)).noneMatch(Processes::isRunning);
        assertThat(ProcessHandle.current().descendants().filter(child -> Processes.isRunning(child.pid())))
                .as("processes left running").isEmpty();
        assertThat(platform.restarts(LethePlatform.COMMAND_SERVICE) + platform.restarts(LethePlatform.KAFKA)
                + platform.restarts(LethePlatform.POSTGRES) + platform.restarts(LethePlatform.QUERY_SERVICE))
                .as("restarts while stopping").isEqualTo(restartsBefore);
        assertThat(platform.pidFile(LethePlatform.COMMAND_SERVICE)).doesNotExist();
    }

    private static void assertAcceptsANewRegistration() throws Exception {
        String reference = "c-" + UUID.randomUUID().toString().substring(0, 8);
        String commandId = UUID.randomUUID().toString();
        driver.send("webshop:" + reference, PlatformDriver.command(commandId, "RegisterCustomer", "webshop",
                "order-fulfilment",
                "{\"sourceCustomerId\":\"%s\",\"name\":\"Supervised Person\",\"email\":\"%s@example.org\"}"
                        .formatted(reference, reference)));

        String result = driver.awaitResult(commandId, PartsOfThePlatform.RESTART_PATIENCE);

        assertThat((String) JsonPath.read(result, "$.status")).as(result).isEqualTo("ACCEPTED");
    }
}
