package dev.lethe.command.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.command.support.CommandServiceIntegrationTest;
import dev.lethe.command.support.KafkaTestClient.TopicReader;
import dev.lethe.command.support.TestCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The entry point a restore hands its merged erasure ledger to ({@code lethe.restore.ledger}): the service applies
 * it to its own tables with its own code, and refuses a ledger it cannot read without changing anything.
 */
class RestoredLedgerIT extends CommandServiceIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RestoredLedger restoredLedger;
    @TempDir
    Path directory;

    @Test
    void aRestoredLedgerIsRecordedAndItsPeoplesKeysAndIdentityRowsAreDestroyedAsInAnyErasure() throws Exception {
        String customerId = register();
        String neverSeenHere = UUID.randomUUID().toString();
        Instant erasedAt = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MICROS);
        Path ledger = Files.writeString(directory.resolve("merged.csv"), "subject_id,erased_at,reason\n"
                + customerId + "," + erasedAt + ",DATA_SUBJECT_REQUEST\n"
                + neverSeenHere + "," + erasedAt + ",RETENTION_EXPIRED\n");
        assertThat(count("SELECT count(*) FROM event_store.match_key WHERE customer_id = ?", customerId)).isPositive();
        assertThat(count("SELECT count(*) FROM event_store.source_reference WHERE customer_id = ?", customerId))
                .isPositive();

        restoredLedger.apply(ledger);

        assertThat(jdbc.queryForObject("SELECT erased_at FROM ledger.erasure WHERE subject_id = ?", Timestamp.class,
                customerId).toInstant()).isEqualTo(erasedAt);
        assertThat(count("SELECT count(*) FROM ledger.erasure WHERE subject_id = ?", neverSeenHere)).isOne();
        assertThat(count("SELECT count(*) FROM key_vault.data_key WHERE subject_id = ?", customerId)).isZero();
        // destroyed by the vault's own destroy: the KEK that wrapped the key is recorded, as for any erasure
        assertThat(count("SELECT count(*) FROM key_vault.destroyed_key WHERE subject_id = ? AND kek_id IS NOT NULL",
                customerId)).isOne();
        // a subject with no key here still cannot be given one
        assertThat(count("SELECT count(*) FROM key_vault.destroyed_key WHERE subject_id = ?", neverSeenHere)).isOne();
        assertThat(count("SELECT count(*) FROM event_store.match_key WHERE customer_id = ?", customerId)).isZero();
        assertThat(count("SELECT count(*) FROM event_store.source_reference WHERE customer_id = ?", customerId))
                .isZero();

        restoredLedger.apply(ledger);

        assertThat(count("SELECT count(*) FROM ledger.erasure WHERE subject_id = ?", customerId))
                .as("applied twice, recorded once").isOne();
    }

    @Test
    void aMalformedLedgerIsRefusedWithAClearErrorAndChangesNothing() throws Exception {
        String customerId = register();
        Path ledger = Files.writeString(directory.resolve("tampered.csv"), "subject_id,erased_at,reason\n"
                + customerId + ",2026-11-23T09:15:30Z,DATA_SUBJECT_REQUEST\n"
                + "Erika Mustermann,yesterday,DATA_SUBJECT_REQUEST\n");

        assertThatThrownBy(() -> restoredLedger.apply(ledger))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lethe.restore.ledger").hasMessageContaining("line 3")
                .hasMessageContaining("nothing was applied").hasMessageNotContaining("Erika");

        assertThat(count("SELECT count(*) FROM ledger.erasure WHERE subject_id = ?", customerId)).isZero();
        assertThat(count("SELECT count(*) FROM key_vault.data_key WHERE subject_id = ?", customerId)).isOne();
        assertThat(count("SELECT count(*) FROM key_vault.destroyed_key WHERE subject_id = ?", customerId)).isZero();
        assertThat(count("SELECT count(*) FROM event_store.match_key WHERE customer_id = ?", customerId)).isPositive();
    }

    private long count(String query, String subjectId) {
        return jdbc.queryForObject(query, Long.class, subjectId);
    }

    private String register() throws Exception {
        TopicReader results = kafka.read(RESULTS);
        TestCommand command = TestCommand.registerLead("r-" + UUID.randomUUID(), "Rita Restore",
                TestCommand.uniqueEmail("rita"));
        kafka.send(COMMANDS, "crm:" + command.commandId(), command.json());
        JsonNode result = JSON.readTree(results.await(record -> command.commandId().equals(record.key())).value());
        assertThat(result.get("status").asText()).as(result.toString()).isEqualTo("ACCEPTED");
        return result.get("customerId").asText();
    }
}
