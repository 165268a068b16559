package dev.lethe.query.customerview;

import dev.lethe.contract.ledger.ErasureLedgerFile;
import dev.lethe.support.lifecycle.StartupStep;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The query service's side of a restore (docs/decisions/0004): started with {@code lethe.restore.ledger=FILE}, the
 * merged erasure ledger the restore tool wrote, it removes the view rows of everyone the ledger lists (fields,
 * source records, consents and blind-index entries go with them) and leaves a tombstone with the ledger's time and
 * reason at the row's own position, so that the re-published events of that person are redeliveries and cannot
 * bring the rows back before the command service's re-erasure arrives. Runs before the web server and the
 * listeners, and only once the command service has destroyed those people's keys (it does so before it publishes
 * anything): until then nothing here could be asked for them. A ledger that cannot be read stops the start-up,
 * changing nothing; applying the same file again changes nothing more.
 */
@Component
class RestoredErasures extends StartupStep {

    /** Before the web server ({@code MAX_VALUE - 2048}) and the Kafka listeners ({@code MAX_VALUE - 100}). */
    static final int PHASE = Integer.MAX_VALUE - 4096;
    /** How long the command service may take to start and apply the same ledger. */
    static final Duration KEYS_PATIENCE = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final String SETTING = "lethe.restore.ledger";
    private static final Logger log = LoggerFactory.getLogger(RestoredErasures.class);
    private static final String TOMBSTONES = """
            WITH ledger AS (SELECT l.customer_id, l.erased_at::timestamptz AS erased_at, l.reason
                            FROM unnest(?::text[], ?::text[], ?::text[]) AS l(customer_id, erased_at, reason)),
                 gone AS (DELETE FROM query.customer_view v USING ledger l WHERE v.customer_id = l.customer_id
                          RETURNING v.customer_id, v.last_global_sequence, v.last_aggregate_sequence)
            INSERT INTO query.customer_tombstone (customer_id, erased_at, reason, last_global_sequence,
                                                  last_aggregate_sequence)
            SELECT g.customer_id, l.erased_at, l.reason, coalesce(g.last_global_sequence, 0), g.last_aggregate_sequence
            FROM gone g JOIN ledger l ON l.customer_id = g.customer_id
            ON CONFLICT (customer_id) DO NOTHING""";

    private final String ledgerFile;
    private final JdbcTemplate jdbc;
    private final Duration keysPatience;

    @Autowired
    RestoredErasures(@Value("${lethe.restore.ledger:}") String ledgerFile, JdbcTemplate jdbc) {
        this(ledgerFile, jdbc, KEYS_PATIENCE);
    }

    /** @param keysPatience how long to wait for the command service to destroy the keys (tests: shorter) */
    RestoredErasures(String ledgerFile, JdbcTemplate jdbc, Duration keysPatience) {
        super(PHASE);
        this.ledgerFile = ledgerFile;
        this.jdbc = jdbc;
        this.keysPatience = keysPatience;
    }

    @Override
    protected void run() {
        if (!ledgerFile.isBlank()) {
            apply(Path.of(ledgerFile));
        }
    }

    /** @return how many customers were removed from the view */
    int apply(Path file) {
        List<ErasureLedgerFile.Entry> entries = ErasureLedgerFile.readSetting(SETTING, file);
        String[] subjects = entries.stream().map(ErasureLedgerFile.Entry::subjectId).toArray(String[]::new);
        awaitKeysDestroyed(subjects);
        int removed = jdbc.update(TOMBSTONES, subjects,
                entries.stream().map(entry -> entry.erasedAt().toString()).toArray(String[]::new),
                entries.stream().map(entry -> entry.reason().name()).toArray(String[]::new));
        // counts only: subject ids stay out of the log
        log.info("Restored erasure ledger applied: {} entries, {} customers removed from the view", entries.size(),
                removed);
        return removed;
    }

    private void awaitKeysDestroyed(String[] subjects) {
        Instant deadline = Instant.now().plus(keysPatience);
        while (Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM key_vault.data_key WHERE subject_id = ANY (?))", Boolean.class,
                (Object) subjects))) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(SETTING + ": the keys of the people it lists still exist "
                        + "after " + keysPatience.toSeconds() + " s; start the command service with the same "
                        + SETTING + " (it destroys them); nothing was applied here");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the command service", e);
            }
        }
    }
}
