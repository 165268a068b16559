package dev.lethe.query.customerview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.ErasureReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query service's side of a restore ({@code lethe.restore.ledger}): the people the merged ledger lists leave the
 * view for a tombstone that re-published events cannot get past, and only once their keys are gone.
 */
class RestoredErasuresIT extends CustomerViewTestBase {

    private static final Instant ERASED_AT = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir
    Path directory;

    @Test
    void aPersonTheRestoredLedgerListsIsGoneFromTheViewAndRepublishedEventsDoNotBringThemBack() throws Exception {
        String id = UUID.randomUUID().toString();
        Sent registration = publish(id, registered(id, "webshop", "w-restored", "Rosa Restored", "rosa@example.org",
                "+49 30 5555555"));
        awaitStatus(id, 200);
        destroyKey(id);

        int removed = restoredErasures(Duration.ofSeconds(30)).apply(ledger(id + "," + ERASED_AT + ",DATA_SUBJECT_REQUEST"));

        assertThat(removed).isOne();
        assertThat(get("/api/customers/" + id).statusCode()).isEqualTo(410);
        assertThat(jdbc.queryForObject("SELECT erased_at FROM query.customer_tombstone WHERE customer_id = ?",
                Timestamp.class, id).toInstant()).isEqualTo(ERASED_AT);
        // the restored store is published again from the start
        resend(registration);
        awaitAllApplied();
        assertThat(get("/api/customers/" + id).statusCode()).isEqualTo(410);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM query.customer_view WHERE customer_id = ?", Long.class, id))
                .isZero();
        assertThat(restoredErasures(Duration.ofSeconds(30)).apply(ledger(id + "," + ERASED_AT + ",DATA_SUBJECT_REQUEST")))
                .as("applied again").isZero();
        theCommandServiceErasesAgain(id);
    }

    @Test
    void whileThePersonsKeyStillExistsNothingIsAppliedAndTheStartFailsClearly() throws Exception {
        String id = UUID.randomUUID().toString();
        publish(id, registered(id, "webshop", "w-kept", "Karl Keyed", "karl@example.org", null));
        awaitStatus(id, 200);
        Path ledger = ledger(id + "," + ERASED_AT + ",RETENTION_EXPIRED");

        assertThatThrownBy(() -> restoredErasures(Duration.ofSeconds(1)).apply(ledger))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("start the command service with the same lethe.restore.ledger")
                .hasMessageContaining("nothing was applied");
        assertThat(get("/api/customers/" + id).statusCode()).isEqualTo(200);
    }

    @Test
    void aMalformedLedgerIsRefusedWithAClearErrorAndChangesNothing() throws Exception {
        String id = UUID.randomUUID().toString();
        publish(id, registered(id, "webshop", "w-tampered", "Tanja Tampered", "tanja@example.org", null));
        awaitStatus(id, 200);
        destroyKey(id);
        Path ledger = ledger(id + "," + ERASED_AT + ",DATA_SUBJECT_REQUEST\nErika Mustermann,yesterday,UNLAWFUL");

        assertThatThrownBy(() -> restoredErasures(Duration.ofSeconds(1)).apply(ledger))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("line 3").hasMessageContaining("nothing was applied")
                .hasMessageNotContaining("Erika");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM query.customer_view WHERE customer_id = ?", Long.class, id))
                .isOne();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM query.customer_tombstone WHERE customer_id = ?", Long.class,
                id)).isZero();
        theCommandServiceErasesAgain(id);
    }

    /**
     * What follows in a real restore, and what keeps the topic a history the view can be rebuilt from (other tests
     * of this JVM rebuild the view from it and compare): the command service's {@code CustomerErased}.
     */
    private void theCommandServiceErasesAgain(String id) throws Exception {
        publish(id, new CustomerErased(id, ErasureReason.DATA_SUBJECT_REQUEST, ERASED_AT));
        awaitAllApplied();
        assertThat(get("/api/customers/" + id).statusCode()).isEqualTo(410);
    }

    private RestoredErasures restoredErasures(Duration keysPatience) {
        return new RestoredErasures("", jdbc, keysPatience);
    }

    private Path ledger(String lines) throws Exception {
        return Files.writeString(Files.createTempFile(directory, "ledger", ".csv"),
                "subject_id,erased_at,reason\n" + lines + "\n");
    }
}
