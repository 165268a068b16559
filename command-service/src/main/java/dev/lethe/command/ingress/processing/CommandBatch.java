package dev.lethe.command.ingress.processing;

import dev.lethe.command.ingress.IngressProperties;
import dev.lethe.command.ingress.validation.Reading;
import dev.lethe.contract.envelope.CommandResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.common.caching.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.SavepointManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides a batch of commands in one database transaction: one commit (one {@code fsync}) for the batch instead of
 * one per command, one command-log query for the batch's redeliveries, the batch's events appended together
 * ({@link BatchUnitOfWork}) and its accepted answers logged together at its end ({@link CommandLog#recordAll}). A
 * command that may write before it is rejected gets a savepoint; a rejection undoes only its own work and the
 * others stay applied. Anything else that fails a command inside the batch (a deadlock, a lost connection, a
 * defect, the commit itself, a commandId logged meanwhile by another instance) rolls the whole batch back, and the
 * caller decides the same records again in halves, down to one transaction per command, which is what tells a bad
 * command from a bad moment. Nothing is sent or parked before the batch is committed, so a rolled-back batch has
 * left no trace anywhere. The batch's transaction is bounded by {@code lethe.ingress.transaction-timeout}. Each
 * command is counted once the batch committed.
 */
@Component
public class CommandBatch {

    private static final Logger LOG = LoggerFactory.getLogger(CommandBatch.class);

    private final CommandProcessor processor;
    private final CommandLog log;
    private final TransactionTemplate transaction;
    private final Cache aggregates;
    private final MeterRegistry meters;

    CommandBatch(CommandProcessor processor, CommandLog log,
                 PlatformTransactionManager transactions, @Qualifier("customerCache") Cache aggregates,
                 MeterRegistry meters, IngressProperties properties) {
        this.processor = processor;
        this.log = log;
        this.transaction = new TransactionTemplate(transactions);
        // the batch appends events: it must commit (or be rolled back) long before Axon's gap timeout
        this.transaction.setTimeout(properties.transactionTimeoutSeconds());
        this.aggregates = aggregates;
        this.meters = meters;
    }

    /**
     * One record's outcome once its batch is committed: the {@code result} to send, if any (none for
     * {@link Reading#NOTHING} and for a record without a readable commandId).
     */
    public record Decision(Reading reading, CommandResult result) {
    }

    /**
     * @param readings the records of the batch, read once each, in record order
     * @return the decisions in record order, or empty when the batch was rolled back and nothing of it applied
     */
    public Optional<List<Decision>> decide(List<Reading> readings) {
        try {
            List<Decision> decisions = transaction.execute(status -> decideEach(readings, status));
            meters.counter("lethe.ingress.batches", "outcome", "committed").increment();
            for (Decision decision : decisions) {
                if (decision.reading().envelope() != null) {
                    processor.count(decision.reading().envelope(), decision.result());
                }
            }
            return Optional.of(decisions);
        } catch (RuntimeException failure) {
            // Axon cached this thread's aggregates as its units of work ended; their events are gone now
            aggregates.removeAll();
            meters.counter("lethe.ingress.batches", "outcome", "rolled-back").increment();
            // only the type: messages of library exceptions may quote personal data
            LOG.warn("A batch of {} commands was rolled back ({}); deciding them again in halves",
                    readings.size(), failure.getClass().getName());
            return Optional.empty();
        }
    }

    private List<Decision> decideEach(List<Reading> readings, SavepointManager transaction) {
        List<UUID> commandIds = readings.stream().map(Reading::readableCommandId)
                .flatMap(commandId -> CommandIds.parse(commandId).stream()).toList();
        BatchUnitOfWork events = BatchUnitOfWork.start();
        try {
            List<CommandLog.Row> unlogged = new ArrayList<>(readings.size());
            CommandProcessor.Batch batch = new CommandProcessor.Batch(log.findAll(commandIds), transaction, events,
                    unlogged);
            List<Decision> decided = new ArrayList<>(readings.size());
            for (Reading reading : readings) {
                CommandResult result = reading.envelope() != null ? processor.decide(reading.envelope(), batch)
                        : processor.answerUndecodable(reading, batch);
                decided.add(new Decision(reading, result));
            }
            // a commandId logged meanwhile by another instance fails the batch here, before anything commits
            log.recordAll(unlogged);
            events.commit();
            return decided;
        } catch (RuntimeException | Error failure) {
            events.rollback(failure);
            throw failure;
        }
    }
}
