package dev.lethe.command.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.command.support.CommandServiceIntegrationTest;
import dev.lethe.command.support.KafkaTestClient.TopicReader;
import dev.lethe.command.support.TestCommand;
import dev.lethe.contract.customer.RestrictProcessing;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A transaction that appended events commits only within a quarter of the gap timeout (5 min here) of its oldest
 * event; later, the publisher might already have forgotten the gap it fills. The event's age is produced by
 * stamping it with Axon's clock set back, instead of holding a transaction open for minutes.
 */
class GapSafeEventStorageEngineIT extends CommandServiceIntegrationTest {

    @Autowired
    CommandGateway gateway;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void restoreAxonClock() {
        GenericEventMessage.clock = Clock.systemUTC();
    }

    @Test
    void aTransactionCommittingLaterThanAQuarterOfTheGapTimeoutAfterItsEventIsRolledBack() throws Exception {
        String customerId = register();

        assertThatThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
            GenericEventMessage.clock = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-80));
            gateway.sendAndWait(new RestrictProcessing(customerId, "ACCURACY_CONTESTED"));
            GenericEventMessage.clock = Clock.systemUTC();
        })).isInstanceOf(GapSafeEventStorageEngine.AppendTransactionTooLongException.class);
        assertThat(events(customerId)).as("only the registration is stored").isOne();

        new TransactionTemplate(transactions).executeWithoutResult(status ->
                gateway.sendAndWait(new RestrictProcessing(customerId, "ACCURACY_CONTESTED")));
        assertThat(events(customerId)).as("a transaction within the bound commits").isEqualTo(2);
    }

    private String register() throws Exception {
        TopicReader results = kafka.read(RESULTS);
        TestCommand register = TestCommand.registerErika("c-" + UUID.randomUUID());
        kafka.send(COMMANDS, "webshop:gaps", register.json());
        return new ObjectMapper().readTree(results.await(record -> register.commandId().equals(record.key()))
                .value()).get("customerId").asText();
    }

    private int events(String customerId) {
        return jdbc.queryForObject("SELECT count(*) FROM event_store.domain_event_entry WHERE aggregateIdentifier = ?",
                Integer.class, customerId);
    }
}
