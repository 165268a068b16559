package dev.lethe.command.ingress;

import dev.lethe.command.customer.Rejection;
import dev.lethe.contract.envelope.CommandResult;
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
 * {@code lethe.command-results}, or the dead-letter topic when it cannot even be decoded. Offsets are
 * committed only after the results of the records before them were acknowledged by the broker, so a crash
 * at any point leads to a redelivery, which the command log answers without applying anything twice.
 * Infrastructure failures (database, broker) are retried by the container from the failed record on; a bad
 * record never is.
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
     * one command per transaction. Results are sent as each batch or command is decided and awaited together
     * at the end, so the broker round trip is paid once per poll, not once per command.
     */
    @KafkaListener(id = "command-ingress", topics = "#{@ingressTopics.names()}", batch = "true")
    void onCommands(List<ConsumerRecord<String, byte[]>> records, Acknowledgment acknowledgment) {
        List<CompletableFuture<?>> sends = new ArrayList<>(records.size());
        for (int from = 0; from < records.size(); from += batchSize) {
            int to = Math.min(records.size(), from + batchSize);
            Optional<List<CommandBatch.Decision>> batch = to - from > 1
                    ? batches.decide(records.subList(from, to)) : Optional.empty();
            if (batch.isPresent()) {
                deliver(batch.get(), sends, from);
            } else {
                handleEach(records, from, to, sends);
            }
        }
        results.awaitAll(sends);
        acknowledgment.acknowledge();
    }

    /** After the batch's commit: a redelivery from its first record is answered from the command log. */
    private void deliver(List<CommandBatch.Decision> decisions, List<CompletableFuture<?>> sends, int firstIndex) {
        try {
            for (CommandBatch.Decision decision : decisions) {
                CommandResult result = decision.undecodable() != null
                        ? park(decision.record(), decision.undecodable())
                        : processor.count(decision.envelope(), decision.result());
                if (result != null) {
                    sends.add(results.send(result));
                }
            }
        } catch (RuntimeException transientFailure) {
            results.awaitAll(sends);
            throw new BatchListenerFailedException("command ingress failed; retrying from this batch",
                    transientFailure, firstIndex);
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
                results.awaitAll(sends);
                throw new BatchListenerFailedException("command ingress failed; retrying from this record",
                        transientFailure, index);
            }
        }
    }

    private CommandResult handle(ConsumerRecord<String, byte[]> record) {
        Envelope envelope;
        try {
            envelope = reader.read(record.value());
            String topicSource = topics.sourceOf(record.topic());
            if (topicSource != null) {
                envelope = envelope.fromTopicOf(topicSource);
            }
        } catch (UndecodableCommandException e) {
            return park(record, e);
        }
        try {
            return processor.process(envelope);
        } catch (RuntimeException e) {
            if (Failures.isTransient(e)) {
                throw e;
            }
            // a defect, not bad input: answer and park it rather than block the partition forever.
            // Only the exception type is logged: messages of library exceptions may quote personal data.
            LOG.error("Command {} failed with {}; parked on the dead-letter topic", envelope.commandId(),
                    e.getClass().getName());
            deadLetters.park(record, Rejection.INTERNAL_ERROR, "the command could not be processed");
            return CommandResult.rejected(envelope.commandId(), Rejection.INTERNAL_ERROR.name(), null,
                    "the command could not be processed; it was parked for an operator");
        }
    }

    private CommandResult park(ConsumerRecord<String, byte[]> record, UndecodableCommandException e) {
        LOG.warn("Parked undecodable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                e.code());
        deadLetters.park(record, e.code(), e.getMessage());
        return e.recoveredCommandId() == null ? null
                : CommandResult.rejected(e.recoveredCommandId(), e.code().name(), null, e.getMessage());
    }
}
