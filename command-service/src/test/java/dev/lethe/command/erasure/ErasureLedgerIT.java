package dev.lethe.command.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.command.support.CommandServiceIntegrationTest;
import dev.lethe.command.support.KafkaTestClient.TopicReader;
import dev.lethe.command.support.TestCommand;
import dev.lethe.contract.customer.CustomerErased;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The erasure ledger: every erasure is recorded in it in the erasure's transaction, and at start-up the service
 * erases again whoever the ledger lists but its event store does not (what a restore of an older backup leaves).
 */
class ErasureLedgerIT extends CommandServiceIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventStore eventStore;
    @Autowired
    LedgerReapplication reapplication;

    @Test
    void anErasureIsRecordedInTheLedgerWithItsReasonAndTime() throws Exception {
        TopicReader results = kafka.read(RESULTS);
        String customerId = register(results);
        Instant before = Instant.now().minusSeconds(1);

        send(results, TestCommand.of("EraseCustomer").from("crm").forPurpose("lead")
                .with("customerId", customerId).with("reason", "RETENTION_EXPIRED"));

        Map<String, Object> entry = jdbc.queryForMap("SELECT reason, erased_at FROM ledger.erasure WHERE subject_id = ?",
                customerId);
        assertThat(entry.get("reason")).isEqualTo("RETENTION_EXPIRED");
        assertThat(((Timestamp) entry.get("erased_at")).toInstant()).isAfter(before).isBefore(Instant.now());
    }

    @Test
    void aCustomerTheLedgerListsButTheStoreDoesNotIsErasedAgainAtStartUpWithTheLedgersTime() throws Exception {
        TopicReader results = kafka.read(RESULTS);
        TopicReader events = kafka.read(EVENTS);
        String customerId = register(results);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event_store.match_key WHERE customer_id = ?", Long.class,
                customerId)).isPositive();
        // as after restoring a backup taken before the erasure, with the newer ledger re-applied
        Instant erasedAt = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
        jdbc.update("INSERT INTO ledger.erasure (subject_id, erased_at, reason) VALUES (?, ?, 'DATA_SUBJECT_REQUEST')",
                customerId, Timestamp.from(erasedAt));

        reapplication.start();

        CustomerErased erased = (CustomerErased) eventStore.readEvents(customerId).asStream()
                .map(event -> event.getPayload()).filter(CustomerErased.class::isInstance).findFirst().orElseThrow();
        assertThat(erased.erasedAt()).isEqualTo(erasedAt);
        assertThat(erased.reason().name()).isEqualTo("DATA_SUBJECT_REQUEST");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM key_vault.data_key WHERE subject_id = ?", Long.class,
                customerId)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event_store.match_key WHERE customer_id = ?", Long.class,
                customerId)).isZero();
        ConsumerRecord<String, byte[]> published = events.await(record -> customerId.equals(record.key())
                && header(record, "lethe.event.type").equals(CustomerErased.class.getName()));
        assertThat(header(published, "lethe.source")).isEqualTo("erasure-ledger");
        // the ledger keeps the first erasure time
        assertThat(jdbc.queryForObject("SELECT erased_at FROM ledger.erasure WHERE subject_id = ?", Timestamp.class,
                customerId).toInstant()).isEqualTo(erasedAt);

        reapplication.start();

        assertThat(eventStore.readEvents(customerId).asStream()
                .filter(event -> event.getPayload() instanceof CustomerErased).count()).as("erased once").isEqualTo(1);
    }

    private String register(TopicReader results) throws Exception {
        return send(results, TestCommand.registerLead("l-" + UUID.randomUUID(), "Lena Ledger",
                TestCommand.uniqueEmail("lena"))).get("customerId").asText();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String key) {
        var header = record.headers().lastHeader(key);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static JsonNode send(TopicReader results, TestCommand command) throws Exception {
        kafka.send(COMMANDS, "crm:" + command.commandId(), command.json());
        JsonNode result = JSON.readTree(results.await(record -> command.commandId().equals(record.key())).value());
        assertThat(result.get("status").asText()).as(result.toString()).isEqualTo("ACCEPTED");
        return result;
    }
}
