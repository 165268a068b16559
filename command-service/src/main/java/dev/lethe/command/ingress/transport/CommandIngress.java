package dev.lethe.command.ingress.transport;

import dev.lethe.command.ingress.IngressProperties;
import dev.lethe.command.ingress.processing.CommandBatch;
import dev.lethe.command.ingress.processing.CommandProcessor;
import dev.lethe.command.ingress.validation.EnvelopeReader;
import dev.lethe.command.ingress.validation.Reading;
import dev.lethe.command.ingress.validation.UndecodableCommandException;
import dev.lethe.contract.envelope.CommandResult;
import dev.lethe.contract.envelope.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code lethe.commands}. Every record ends in exactly one place: a result on
 * {@code lethe.command-results}, or the dead-letter topic when it cannot even be decoded (and both when it was
 * undecodable but a commandId could be read, or when it was given up). Offsets are committed only after the results
 * of the records before them were acknowledged by the broker, so a crash at any point leads to a redelivery, which
 * the command log answers without applying anything twice.
 *
 * <p>No record holds its partition for ever: bad input is answered at once; a defect (a failure retrying cannot
 * mend, see {@link Failures}) is given up at once; a transient failure is retried by the container from the failed
 * record on, a bounded number of times ({@code lethe.ingress.retry}), and then given up by {@link ExhaustedRetries}.
 * Giving up parks the record on the dead-letter topic with the reason and answers {@code INTERNAL_ERROR}.
 */
@Component
class CommandIngress {

    private static final Logger LOG = LoggerFactory.getLogger(CommandIngress.class);

    private final EnvelopeReader reader = new EnvelopeReader();
    private final IngressTopics topics;
    private final CommandProcessor processor;
    private final CommandResults results;
    private final DeadLetters deadLetters;
    private final CommandBatch batches;
    private final int batchSize;

    CommandIngress(CommandProcessor processor, CommandResults results, DeadLetters deadLetters,
                   IngressTopics topics, CommandBatch batches, IngressProperties properties) {
        this.topics = topics;
        this.batches = batches;
        this.batchSize = properties.batchSize();
        this.processor = processor;
        this.results = results;
        this.deadLetters = deadLetters;
    }

    /**
     * Handles a poll's worth of records in order, in batches of at most {@code lethe.ingress.batch-size}
     * decided in one database transaction each ({@link CommandBatch}); a batch that rolls back is decided again
     * in halves ({@link #decideInBatches}). Results are sent as each batch or command is decided and awaited together
     * at the end, so the broker round trip is paid once per poll, not once per command.
     */
    @KafkaListener(id = "command-ingress", topics = "#{@ingressTopics.names()}", batch = "true")
    void onCommands(List<ConsumerRecord<String, byte[]>> records, Acknowledgment acknowledgment) {
        List<CompletableFuture<?>> sends = new ArrayList<>(records.size());
        for (int from = 0; from < records.size(); from += batchSize) {
            decideInBatches(records, from, Math.min(records.size(), from + batchSize), sends);
        }
        try {
            results.awaitAll(sends);
        } catch (RuntimeException unacknowledged) {
            // nothing of this poll may be committed; its redelivery is answered from the command log
            throw new BatchListenerFailedException("the broker did not acknowledge the results; retrying the poll",
                    unacknowledged, 0);
        }
        acknowledgment.acknowledge();
    }

    /**
     * Decides records {@code from} (inclusive) to {@code to} in one transaction; when that rolls back (a poisoned
     * record, a deadlock, a lost connection), each half again, down to one record in a transaction of its own, which
     * tells a bad command from a bad moment ({@link #handle}). One poisoned record among n costs about 2 log2(n)
     * rolled-back batches, not n transactions.
     */
    private void decideInBatches(List<ConsumerRecord<String, byte[]>> records, int from, int to,
                                 List<CompletableFuture<?>> sends) {
        if (to - from == 1) {
            handleEach(records, from, to, sends);
            return;
        }
        Optional<List<CommandBatch.Decision>> batch = batches.decide(readings(records.subList(from, to)));
        if (batch.isPresent()) {
            deliver(records.subList(from, to), batch.get(), sends, from);
            return;
        }
        int middle = (from + to) >>> 1;
        decideInBatches(records, from, middle, sends);
        decideInBatches(records, middle, to, sends);
    }

    /** Each record read once: the batch decides on what was read, the listener parks and answers by record. */
    private List<Reading> readings(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(this::read).toList();
    }

    private Reading read(ConsumerRecord<String, byte[]> record) {
        // the purger's marker, to close a segment: nothing to answer or park
        return SegmentRollMarker.is(record) ? Reading.NOTHING
                : reader.read(record.value(), topics.sourceOf(record.topic()));
    }

    /**
     * After the batch's commit: a redelivery from its first record is answered from the command log.
     *
     * @param records the batch's records, in the order of its decisions
     */
    private void deliver(List<ConsumerRecord<String, byte[]>> records, List<CommandBatch.Decision> decisions,
                         List<CompletableFuture<?>> sends, int firstIndex) {
        try {
            for (int index = 0; index < decisions.size(); index++) {
                CommandBatch.Decision decision = decisions.get(index);
                if (decision.reading().undecodable() != null) {
                    park(records.get(index), decision.reading().undecodable());
                }
                if (decision.result() != null) {
                    sends.add(results.send(decision.result()));
                }
            }
        } catch (RuntimeException failure) {
            throw retryFrom(firstIndex, failure, sends);
        }
    }

    private void handleEach(List<ConsumerRecord<String, byte[]>> records, int from, int to,
                            List<CompletableFuture<?>> sends) {
        for (int index = from; index < to; index++) {
            try {
                CommandResult result = handle(records.get(index));
                if (result != null) {
                    sends.add(results.send(result));
                }
            } catch (RuntimeException transientFailure) {
                throw retryFrom(index, transientFailure, sends);
            }
        }
    }

    /**
     * The container retries from {@code index} on, once what was sent before it is acknowledged; when that fails
     * too, from the start of the poll, whose offsets must then not be committed either.
     */
    private BatchListenerFailedException retryFrom(int index, RuntimeException failure, List<CompletableFuture<?>> sends) {
        int from = index;
        try {
            results.awaitAll(sends);
        } catch (RuntimeException unacknowledged) {
            failure.addSuppressed(unacknowledged);
            from = 0;
        }
        return new BatchListenerFailedException("command ingress failed; retrying from this record", failure, from);
    }

    /**
     * One record in a transaction of its own.
     *
     * @return its answer, or null when it has none (no readable commandId)
     * @throws RuntimeException a transient failure: to be retried from this record on
     */
    CommandResult handle(ConsumerRecord<String, byte[]> record) {
        try {
            return decide(record);
        } catch (RuntimeException e) {
            if (Failures.isTransient(e)) {
                throw e;
            }
            // a defect, not bad input: answer and park it rather than block the partition forever.
            // Only the exception type is logged: messages of library exceptions may quote personal data.
            LOG.error("Record {}-{}@{} failed with a defect ({}); giving it up", record.topic(), record.partition(),
                    record.offset(), Failures.describe(e));
            return giveUp(record, "the command failed with a defect: " + Failures.describe(e));
        }
    }

    private CommandResult decide(ConsumerRecord<String, byte[]> record) {
        Reading reading = read(record);
        // an undecodable record's answer is logged before it is parked: a failed park is retried, and the retry
        // answers from the log
        CommandResult answer = processor.answer(reading);
        if (reading.undecodable() != null) {
            park(record, reading.undecodable());
        }
        return answer;
    }

    /**
     * Parks the record with the reason and answers {@code INTERNAL_ERROR} under its commandId, if one can be read,
     * unless that id was answered meanwhile. Parked first: should the answer fail, the retry parks it again rather
     * than leave an answered record nobody can find.
     *
     * @return the answer to send, or null when the record has no readable commandId
     */
    CommandResult giveUp(ConsumerRecord<String, byte[]> record, String reason) {
        deadLetters.park(record, Rejection.INTERNAL_ERROR, reason);
        String commandId = reader.readableCommandId(record.value());
        return commandId == null ? null : processor.giveUp(commandId);
    }

    /**
     * For {@link ExhaustedRetries}: the record failed transiently as often as allowed. If its commandId was answered
     * already (the failure came after the decision: sending the answer, parking), it is handled once more, which
     * repeats that answer; otherwise it is given up.
     */
    void recover(ConsumerRecord<String, byte[]> record, Throwable failure, int attempts) {
        String commandId = reader.readableCommandId(record.value());
        boolean answered = commandId != null && processor.previousAnswer(commandId).isPresent();
        CommandResult result;
        if (answered) {
            result = handle(record);
        } else {
            LOG.error("Record {}-{}@{} still failed after {} attempts ({}); giving it up", record.topic(),
                    record.partition(), record.offset(), attempts, Failures.describe(failure));
            result = giveUp(record, "the command still failed after " + attempts + " attempts: "
                    + Failures.describe(failure));
        }
        if (result != null) {
            results.awaitAll(List.of(results.send(result)));
        }
    }

    private void park(ConsumerRecord<String, byte[]> record, UndecodableCommandException e) {
        LOG.warn("Parked undecodable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                e.code());
        deadLetters.park(record, e.code(), e.getMessage());
    }
}
