package dev.lethe.query.customerview;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.query.events.EventDecoder;
import dev.lethe.query.events.StoredEvent;
import dev.lethe.query.projection.CustomerSequence;
import dev.lethe.query.projection.Failures;
import dev.lethe.query.projection.ParkReason;
import dev.lethe.query.projection.ParkedEvents;
import dev.lethe.query.projection.ParkedRecord;
import dev.lethe.query.projection.ProjectionFailure;
import dev.lethe.query.projection.ProjectionLag;
import dev.lethe.shredding.DataKey;
import dev.lethe.shredding.KeyVault;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds the unified customer view from {@code lethe.events}. Idempotent per customer on the aggregate sequence
 * ({@link CustomerSequence}): an event applies iff it is the customer's last applied + 1, so redeliveries and
 * replays change nothing, whatever order concurrent commits gave the store-wide global sequence. Every row written
 * depends only on the events, so a rebuild writes the same tables. On erasure the person's rows are deleted and
 * only a tombstone remains. Survivorship and merges are decided at read time ({@link GoldenRecords}); here each
 * customer's own facts are stored, each merge and unmerge event on its own customer's rows only ({@link ViewUpdate}
 * decides which rows an event changes; this class, when and in which transaction).
 *
 * <p>Never stuck, never silent: an event that can never apply (undecodable, a constraint violation) goes to the
 * error handler with its index and is parked by its recoverer ({@code KafkaConsumerConfig}); an event past a hole
 * in its customer's sequence, or behind a parked one, is parked here, in the batch's transaction. Either way the
 * partition moves on with the other customers, and {@code /actuator/health} reports the projection DOWN.
 */
@Component
class CustomerViewProjection {

    static final String LISTENER_ID = "customer-view";
    static final String GROUP_ID = "lethe-query-customer-view";
    static final String NAME = CustomerViewRebuild.NAME;

    private final EventDecoder decoder;
    private final CustomerViewRepository views;
    private final ViewBatchRepository batches;
    private final TransactionTemplate transaction;
    private final KeyVault keyVault;
    private final ObjectMapper json;
    private final ViewUpdate update;
    private final ProjectionLag lag;
    private final ParkedEvents parked;
    private final Counter redelivered;
    private final Counter oneAtATime;

    CustomerViewProjection(EventDecoder decoder, CustomerViewRepository views, ViewBatchRepository batches,
                           TransactionTemplate transaction, KeyVault keyVault, ObjectMapper eventObjectMapper,
                           @Qualifier("customerViewLag") ProjectionLag customerViewLag, ParkedEvents parked,
                           MeterRegistry meters) {
        this.decoder = decoder;
        this.views = views;
        this.batches = batches;
        this.transaction = transaction;
        this.keyVault = keyVault;
        this.json = eventObjectMapper;
        // this instance may hold an erased person's key in its cache: it must not outlive the erasure, nor come
        // back from a read that fetched it just before the erasure committed
        this.update = new ViewUpdate(views, eventObjectMapper, keyVault::erasedElsewhere);
        this.lag = customerViewLag;
        this.parked = parked;
        this.redelivered = Counter.builder("lethe.projection.redelivered").tag("projection", NAME)
                .description("events skipped because the projection had applied them already").register(meters);
        this.oneAtATime = Counter.builder("lethe.projection.polls.one-at-a-time").tag("projection", NAME)
                .description("polls that could not be written set-based and were applied one event at a time")
                .register(meters);
    }

    /**
     * Applies a poll's events in one transaction, set-based: the data keys of all its customers with one
     * statement, where each customer stands with one query, then each table written once for the whole poll
     * ({@link PollWrites}, {@link ViewBatchRepository}). A poll whose writes cannot be folded, or whose statements
     * fail for a reason waiting cannot cure, is applied again one event at a time ({@link #applyOneAtATime}),
     * which finds the event to blame. A failure waiting can cure (the database or key vault away) leaves nothing
     * applied: index 0, retried with back-off.
     *
     * <p>Big polls (a rebuild reads the topic from the start) cost a few statements each; the fetch waits briefly
     * for more data rather than returning a handful of records.
     */
    @KafkaListener(id = LISTENER_ID, topics = "${lethe.topics.events}", groupId = GROUP_ID, batch = "true",
            properties = {"max.poll.records=2000", "fetch.min.bytes=65536", "fetch.max.wait.ms=20"})
    void on(List<ConsumerRecord<String, byte[]>> records, Acknowledgment acknowledgment, Consumer<?, ?> consumer) {
        lag.beforeApply(records.get(0), consumer);
        Poll poll = new Poll(records);
        Outcome outcome;
        try {
            Applied applied = Objects.requireNonNull(transaction.execute(status -> applySetBased(poll)));
            redelivered.increment(applied.redeliveries());
            outcome = new Outcome(applied.end(), applied.end() < records.size()
                    ? poll.decoded.get(applied.end()).failure() : null);
        } catch (RuntimeException e) {
            if (poll.decoded == null || Failures.isTransient(e)) {
                throw new BatchListenerFailedException("the projection's transaction failed",
                        ProjectionFailure.of(NAME, e), 0);
            }
            oneAtATime.increment();
            outcome = applyOneAtATime(records, poll.decoded);
        }
        lag.appliedUpTo(records, outcome.end(), consumer, index -> poll.decoded.get(index).timestamp());
        if (outcome.failure() != null) {
            throw new BatchListenerFailedException("event " + outcome.end() + " of the batch failed",
                    ProjectionFailure.of(NAME, outcome.failure()), outcome.end());
        }
        acknowledgment.acknowledge();
    }

    /** Applies the poll up to its first record that could not be decoded, each table written once. */
    private Applied applySetBased(Poll poll) {
        Map<String, DataKey> keys = keyVault.existingDataKeys(poll.customerIds());
        EventDecoder pollDecoder = decoder.withKeys(keys);
        poll.decoded = poll.records.stream().map(record -> decode(pollDecoder, record)).toList();
        int limit = 0;
        while (limit < poll.decoded.size() && poll.decoded.get(limit).failure() == null) {
            limit++;
        }
        Set<String> customerIds = new LinkedHashSet<>();
        poll.decoded.subList(0, limit).forEach(decoded -> customerIds.add(decoded.event().customerId()));
        Map<String, ViewBatchRepository.Position> positions = batches.positions(NAME, customerIds);
        Map<String, CustomerSequence> sequences = new HashMap<>();
        positions.forEach((id, position) -> sequences.put(id, position.sequence()));
        PollWrites writes = new PollWrites(positions);
        ViewUpdate pollUpdate = new ViewUpdate(writes, json, keyVault::erasedElsewhere);
        int redeliveries = 0;
        for (int index = 0; index < limit; index++) {
            StoredEvent event = poll.decoded.get(index).event();
            CustomerSequence sequence = sequences.get(event.customerId());
            CustomerSequence.Decision decision = sequence.decide(event.aggregateSequence());
            if (decision == CustomerSequence.Decision.APPLY) {
                pollUpdate.apply(event);
                sequences.put(event.customerId(), new CustomerSequence(event.aggregateSequence(), sequence.blocked()));
            } else if (decision == CustomerSequence.Decision.REDELIVERY) {
                redeliveries++;
            } else {
                park(poll.records.get(index), decision, sequence);
                sequences.put(event.customerId(), new CustomerSequence(sequence.lastApplied(), true));
            }
        }
        batches.write(writes, ViewCipher.keysFrom(keys, customerIds));
        return new Applied(limit, redeliveries);
    }

    /**
     * Applies the poll one event at a time, as before set-based writes: if event {@code i} fails, the events
     * before it are applied again in a fresh transaction (the same outcome: their customers are on this consumer's
     * partitions, which no other thread writes) and committed, and {@code i} is reported with its failure.
     */
    private Outcome applyOneAtATime(List<ConsumerRecord<String, byte[]>> records, List<Decoded> decoded) {
        int end = records.size();
        RuntimeException failure = null;
        while (true) {
            int limit = end;
            try {
                Applied applied = Objects.requireNonNull(transaction.execute(status -> applyAll(records, decoded, limit)));
                redelivered.increment(applied.redeliveries());
                return applied.end() < limit ? new Outcome(applied.end(), decoded.get(applied.end()).failure())
                        : new Outcome(limit, failure);
            } catch (FailedAt failed) {
                failure = failed.failure;
                end = failed.index;
            } catch (RuntimeException e) {
                throw new BatchListenerFailedException("the projection's transaction failed",
                        ProjectionFailure.of(NAME, e), 0);
            }
        }
    }

    /** Applies records up to {@code limit}, or up to the first that could not be decoded. */
    private Applied applyAll(List<ConsumerRecord<String, byte[]>> records, List<Decoded> decoded, int limit) {
        int redeliveries = 0;
        for (int index = 0; index < limit; index++) {
            Decoded event = decoded.get(index);
            if (event.failure() != null) {
                return new Applied(index, redeliveries);
            }
            try {
                redeliveries += handle(records.get(index), event.event()) ? 1 : 0;
            } catch (RuntimeException e) {
                throw new FailedAt(index, e);
            }
        }
        return new Applied(limit, redeliveries);
    }

    /** @return whether the event was a redelivery */
    private boolean handle(ConsumerRecord<String, byte[]> record, StoredEvent event) {
        CustomerSequence sequence = views.sequence(NAME, event.customerId());
        CustomerSequence.Decision decision = sequence.decide(event.aggregateSequence());
        switch (decision) {
            case APPLY -> apply(event);
            case REDELIVERY -> { }
            default -> park(record, decision, sequence);
        }
        return decision == CustomerSequence.Decision.REDELIVERY;
    }

    private void park(ConsumerRecord<String, byte[]> record, CustomerSequence.Decision decision,
                      CustomerSequence sequence) {
        switch (decision) {
            case GAP -> parked.park(NAME, record, ParkReason.SEQUENCE_GAP, "expected aggregate sequence "
                    + (sequence.lastApplied() + 1));
            case BEHIND_PARKED -> parked.park(NAME, record, ParkReason.BEHIND_PARKED, null);
            case UNKNOWN_POSITION -> parked.park(NAME, record, ParkReason.REBUILD_REQUIRED, null);
            default -> throw new IllegalArgumentException("not a reason to park: " + decision);
        }
    }

    /**
     * Applies parked events again, read back from the topic, once what held them is resolved (the missing event
     * has arrived and is parked behind the hole itself, a defect is fixed). Per customer in aggregate-sequence
     * order, one transaction per customer; an event that still does not fit, and every later one of its customer,
     * stays parked. Called while the listener is stopped.
     *
     * @return how many parked events were applied or proved redeliveries, and released
     */
    int retry(List<ParkedRecord> parkedRecords) {
        Map<String, List<ParkedRecord>> byCustomer = new LinkedHashMap<>();
        parkedRecords.forEach(parkedRecord -> byCustomer.computeIfAbsent(
                String.valueOf(parkedRecord.parked().customerId()), customer -> new ArrayList<>()).add(parkedRecord));
        int released = 0;
        for (List<ParkedRecord> customerRecords : byCustomer.values()) {
            try {
                released += Objects.requireNonNull(transaction.execute(status -> retryCustomer(customerRecords)));
            } catch (RuntimeException e) {
                if (Failures.isTransient(e)) {
                    throw e;
                }
                // stays parked as it was; the next retry (or a rebuild) tries again
            }
        }
        return released;
    }

    private int retryCustomer(List<ParkedRecord> customerRecords) {
        int released = 0;
        for (ParkedRecord parkedRecord : customerRecords) {
            StoredEvent event = decoder.decode(parkedRecord.record());
            // the customer's own parked events are what block it: here they are taken in order instead
            CustomerSequence sequence = new CustomerSequence(views.sequence(NAME, event.customerId()).lastApplied(),
                    false);
            CustomerSequence.Decision decision = sequence.decide(event.aggregateSequence());
            if (decision == CustomerSequence.Decision.APPLY) {
                apply(event);
            } else if (decision != CustomerSequence.Decision.REDELIVERY) {
                break;
            }
            parked.release(parkedRecord.parked().id());
            released++;
        }
        return released;
    }

    private static Decoded decode(EventDecoder decoder, ConsumerRecord<String, byte[]> record) {
        try {
            return new Decoded(decoder.decode(record), null);
        } catch (RuntimeException e) {
            return new Decoded(null, e);
        }
    }

    void apply(StoredEvent event) {
        update.apply(event);
    }

    /** @param end the index of the first record not applied */
    private record Applied(int end, int redeliveries) {
    }

    /**
     * What became of a poll.
     *
     * @param end     the index of the first record not applied
     * @param failure why that record could not be applied, or null when the whole poll was
     */
    private record Outcome(int end, RuntimeException failure) {
    }

    /** A poll's records, and once read, each decoded or why it could not be. */
    private static final class Poll {

        private final List<ConsumerRecord<String, byte[]>> records;
        private List<Decoded> decoded;

        Poll(List<ConsumerRecord<String, byte[]>> records) {
            this.records = records;
        }

        /** The customers the records are keyed by; a record without one fails on its own when decoded. */
        Set<String> customerIds() {
            Set<String> ids = new LinkedHashSet<>();
            records.stream().map(ConsumerRecord::key).filter(key -> key != null && !key.isBlank()).forEach(ids::add);
            return ids;
        }
    }

    /** A record decoded, or why it could not be. */
    private record Decoded(StoredEvent event, RuntimeException failure) {

        Instant timestamp() {
            return event == null ? null : event.timestamp();
        }
    }

    /** Event {@code index} of the batch failed; the transaction is rolled back. */
    private static final class FailedAt extends RuntimeException {

        private final int index;
        private final RuntimeException failure;

        FailedAt(int index, RuntimeException failure) {
            super(null, failure, false, false);
            this.index = index;
            this.failure = failure;
        }
    }
}
