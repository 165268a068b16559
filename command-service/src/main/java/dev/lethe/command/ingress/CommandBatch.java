package dev.lethe.command.ingress;

import dev.lethe.contract.envelope.CommandResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.common.caching.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.SavepointManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides a batch of commands in one database transaction, one savepoint per command: one commit (one
 * {@code fsync}) for the batch instead of one per command, and one command-log query for the batch's
 * redeliveries instead of one per command. A rejected command rolls back to its savepoint and
 * the others stay applied. Anything else that fails a command inside the batch (a deadlock, a lost connection, a
 * defect, the commit itself) rolls the whole batch back, and the caller decides the same records again one
 * transaction each, which is what tells a bad command from a bad moment. Nothing is sent or parked before the
 * batch is committed, so a rolled-back batch has left no trace anywhere. The batch's transaction is bounded by
 * {@code lethe.ingress.transaction-timeout}.
 */
@Component
class CommandBatch {

    private static final Logger LOG = LoggerFactory.getLogger(CommandBatch.class);

    private final EnvelopeReader reader = new EnvelopeReader();
    private final IngressTopics topics;
    private final CommandProcessor processor;
    private final CommandLog log;
    private final TransactionTemplate transaction;
    private final Cache aggregates;
    private final MeterRegistry meters;

    CommandBatch(IngressTopics topics, CommandProcessor processor, CommandLog log,
                 PlatformTransactionManager transactions, @Qualifier("customerCache") Cache aggregates,
                 MeterRegistry meters, IngressProperties properties) {
        this.topics = topics;
        this.processor = processor;
        this.log = log;
        this.transaction = new TransactionTemplate(transactions);
        // the batch appends events: it must commit (or be rolled back) long before Axon's gap timeout
        this.transaction.setTimeout(properties.transactionTimeoutSeconds());
        this.aggregates = aggregates;
        this.meters = meters;
    }

    /**
     * What to do with one record once its batch is committed: send {@code result} (if any) and, for a record that is
     * no command envelope ({@code undecodable}), park it. A segment-roll marker has neither: it is passed.
     */
    record Decision(ConsumerRecord<String, byte[]> record, Envelope envelope, CommandResult result,
                    UndecodableCommandException undecodable) {
    }

    /** @return the decisions in record order, or empty when the batch was rolled back and nothing of it applied */
    Optional<List<Decision>> decide(List<ConsumerRecord<String, byte[]>> records) {
        try {
            List<Decision> decisions = transaction.execute(status -> decideEach(records, status));
            meters.counter("lethe.ingress.batches", "outcome", "committed").increment();
            return Optional.ofNullable(decisions);
        } catch (RuntimeException failure) {
            // Axon cached this thread's aggregates as its units of work ended; their events are gone now
            aggregates.removeAll();
            meters.counter("lethe.ingress.batches", "outcome", "rolled-back").increment();
            // only the type: messages of library exceptions may quote personal data
            LOG.warn("A batch of {} commands was rolled back ({}); deciding them one transaction each",
                    records.size(), failure.getClass().getName());
            return Optional.empty();
        }
    }

    private static String readableCommandId(Decision decision) {
        return decision.envelope() != null ? decision.envelope().commandId()
                : decision.undecodable() != null ? decision.undecodable().recoveredCommandId() : null;
    }

    private List<Decision> decideEach(List<ConsumerRecord<String, byte[]>> records, SavepointManager transaction) {
        List<Decision> decisions = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            if (SegmentRollMarker.is(record)) {
                decisions.add(new Decision(record, null, null, null));
                continue;
            }
            try {
                Envelope envelope = reader.read(record.value());
                String topicSource = topics.sourceOf(record.topic());
                decisions.add(new Decision(record, topicSource == null ? envelope : envelope.fromTopicOf(topicSource),
                        null, null));
            } catch (UndecodableCommandException e) {
                decisions.add(new Decision(record, null, null, e));
            }
        }
        List<UUID> commandIds = decisions.stream().map(CommandBatch::readableCommandId)
                .flatMap(commandId -> CommandProcessor.parseUuid(commandId).stream()).toList();
        CommandProcessor.Batch batch = new CommandProcessor.Batch(log.findAll(commandIds), transaction);
        List<Decision> decided = new ArrayList<>(decisions.size());
        for (Decision decision : decisions) {
            UndecodableCommandException undecodable = decision.undecodable();
            if (undecodable == null && decision.envelope() == null) {
                decided.add(decision);
                continue;
            }
            CommandResult result = undecodable == null ? processor.decide(decision.envelope(), batch)
                    : undecodable.recoveredCommandId() == null ? null
                    : processor.rejectUndecodable(undecodable.recoveredCommandId(), undecodable.code(),
                            undecodable.getMessage(), batch);
            decided.add(new Decision(decision.record(), decision.envelope(), result, undecodable));
        }
        return decided;
    }
}
