package dev.lethe.command.erasure;

import dev.lethe.contract.customer.EraseCustomer;
import dev.lethe.contract.wire.CommandMetadata;
import dev.lethe.support.lifecycle.StartupStep;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At start-up, makes the event store agree with the erasure ledger: every subject the ledger lists whose
 * aggregate has no {@code CustomerErased} (a restored backup older than the erasure) is erased again, with the
 * ledger's reason and time, before the service takes any command. The second half of the erasure ledger's one
 * place in the service: after a restore, {@link RestoredLedger} has put the restore's merged ledger into
 * {@code ledger.erasure} (keys, identity rows, publisher) before Axon started; this then appends the events.
 *
 * <p>Why here and not in the restore tool: erasing is the aggregate's decision and the handler's transaction
 * (event, keys, identity rows, merged members, ledger); only the service does all of it, and the event then
 * reaches Kafka like any other, so the read models and the audit trail record it. The phase puts this after
 * Axon has started (its command handlers and the publisher, {@code MAX_VALUE - 3072}) and before the web server
 * ({@code MAX_VALUE - 2048}) and the Kafka ingress listeners ({@code MAX_VALUE - 100}): nothing reaches the
 * service while a restored person is still un-erased in its store. A failure stops the start-up.
 */
@Component
class LedgerReapplication extends StartupStep {

    static final int PHASE = Integer.MAX_VALUE - 2560;
    private static final Logger log = LoggerFactory.getLogger(LedgerReapplication.class);

    private final ErasureLedger ledger;
    private final CommandGateway gateway;
    private final TransactionTemplate transaction;

    LedgerReapplication(ErasureLedger ledger, CommandGateway gateway, TransactionTemplate transaction) {
        super(PHASE);
        this.ledger = ledger;
        this.gateway = gateway;
        this.transaction = transaction;
    }

    @Override
    protected void run() {
        List<ErasureLedger.Pending> pending = ledger.notErasedInTheEventStore();
        int erased = 0;
        for (ErasureLedger.Pending entry : pending) {
            // erasing a survivor erases its merged members too: they may be done by now
            if (ledger.erasedInTheEventStore(entry.subjectId())) {
                continue;
            }
            transaction.executeWithoutResult(status -> gateway.sendAndWait(GenericCommandMessage
                    .asCommandMessage(new EraseCustomer(entry.subjectId(), entry.reason()))
                    .andMetaData(Map.of(
                            CommandMetadata.COMMAND_ID, UUID.randomUUID().toString(),
                            CommandMetadata.COMMAND_TYPE, "EraseCustomer",
                            CommandMetadata.SOURCE, "erasure-ledger",
                            CommandMetadata.ACTOR, "lethe-restore",
                            ErasureLedger.ERASED_AT, entry.erasedAt().toString()))));
            erased++;
        }
        if (!pending.isEmpty()) {
            // counts only: subject ids stay out of the log
            log.info("Erasure ledger re-applied: {} customers erased again in the event store", erased);
        }
    }
}
