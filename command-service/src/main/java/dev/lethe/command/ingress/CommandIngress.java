package dev.lethe.command.ingress;

import dev.lethe.command.customer.Rejection;
import dev.lethe.contract.envelope.CommandResult;
import java.util.ArrayList;
import java.util.List;
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

    CommandIngress(CommandProcessor processor, CommandResults results, DeadLetters deadLetters,
                   IngressTopics topics) {
        this.topics = topics;
        this.processor = processor;
        this.results = results;
        this.deadLetters = deadLetters;
    }

    /**
     * Handles a poll's worth of records in order. Results are sent as each command is decided and awaited
     * together at the end, so the broker round trip is paid once per batch, not once per command.
     */
    @KafkaListener(id = "command-ingress", topics = "#{@ingressTopics.names()}", batch = "true")
    void onCommands(List<ConsumerRecord<String, byte[]>> records, Acknowledgment acknowledgment) {
        List<CompletableFuture<?>> sends = new ArrayList<>(records.size());
        for (int index = 0; index < records.size(); index++) {
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
        results.awaitAll(sends);
        acknowledgment.acknowledge();
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
            LOG.warn("Parked undecodable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.code());
            deadLetters.park(record, e.code(), e.getMessage());
            return e.recoveredCommandId() == null ? null
                    : CommandResult.rejected(e.recoveredCommandId(), e.code().name(), null, e.getMessage());
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
}
