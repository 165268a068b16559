package dev.lethe.command.erasure;

import dev.lethe.command.identity.IdentityRecords;
import dev.lethe.command.publishing.PublisherPosition;
import dev.lethe.contract.ledger.ErasureLedgerFile;
import dev.lethe.shredding.KeyVault;
import dev.lethe.support.lifecycle.StartupStep;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The command service's entry point for a restore (docs/decisions/0004): started with
 * {@code lethe.restore.ledger=FILE}, the merged erasure ledger the restore tool wrote, it applies that ledger to
 * this service's own tables in one transaction, <em>before Axon starts</em>, so before the publisher or anyone
 * could decrypt a restored event of those people: the rows go into the ledger, every listed subject's data key is
 * destroyed through the key vault's own destroy (the KEK recorded, {@code NOTIFY} sent, as in any erasure), their
 * identity rows go, and on a freshly restored database (an empty ledger) the publisher starts again from the
 * first event, for the new {@code lethe.events}. {@link LedgerReapplication} then erases them again in the event
 * store. Applying the same file again changes nothing more, so a restart with the setting still given is harmless.
 *
 * <p>A ledger that cannot be read stops the start-up before anything is changed.
 */
@Component
class RestoredLedger extends StartupStep {

    /** Before Axon ({@code MAX_VALUE - 3072}), so before the publisher reads a single event. */
    static final int PHASE = Integer.MAX_VALUE - 4096;
    private static final String SETTING = "lethe.restore.ledger";
    private static final Logger log = LoggerFactory.getLogger(RestoredLedger.class);

    private final String ledgerFile;
    private final ErasureLedger ledger;
    private final KeyVault keyVault;
    private final IdentityRecords identityRecords;
    private final PublisherPosition publisher;
    private final DataSource dataSource;
    private final TransactionTemplate transaction;

    RestoredLedger(@Value("${lethe.restore.ledger:}") String ledgerFile, ErasureLedger ledger, KeyVault keyVault,
                   IdentityRecords identityRecords, PublisherPosition publisher, DataSource dataSource,
                   TransactionTemplate transaction) {
        super(PHASE);
        this.ledgerFile = ledgerFile;
        this.ledger = ledger;
        this.keyVault = keyVault;
        this.identityRecords = identityRecords;
        this.publisher = publisher;
        this.dataSource = dataSource;
        this.transaction = transaction;
    }

    @Override
    protected void run() {
        if (!ledgerFile.isBlank()) {
            apply(Path.of(ledgerFile));
        }
    }

    void apply(Path file) {
        List<ErasureLedgerFile.Entry> entries = ErasureLedgerFile.readSetting(SETTING, file);
        List<String> subjects = entries.stream().map(ErasureLedgerFile.Entry::subjectId).toList();
        boolean freshlyRestored = Boolean.TRUE.equals(transaction.execute(status -> {
            boolean fresh = ledger.isEmpty();
            ledger.recordAll(entries);
            // the connection bound to this transaction: the keys die with the ledger rows or not at all
            Connection connection = DataSourceUtils.getConnection(dataSource);
            try {
                subjects.forEach(subject -> keyVault.destroy(subject, connection));
            } finally {
                DataSourceUtils.releaseConnection(connection, dataSource);
            }
            identityRecords.forget(subjects);
            if (fresh) {
                publisher.restartFromTheBeginning();
            }
            return fresh;
        }));
        // counts only: subject ids stay out of the log
        log.info("Restored erasure ledger applied: {} entries, their keys destroyed and identity rows removed{}",
                entries.size(), freshlyRestored ? "; the event store is published again from the start" : "");
    }
}
