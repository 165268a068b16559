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
import dev.lethe.shredding.KeyVault;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    private final TransactionTemplate transaction;
    private final ViewUpdate update;
    private final ProjectionLag lag;
    private final ParkedEvents parked;
    private final Counter redelivered;

    CustomerViewProjection(EventDecoder decoder, CustomerViewRepository views, TransactionTemplate transaction,
                           KeyVault keyVault, ObjectMapper eventObjectMapper,
                           @Qualifier("customerViewLag") ProjectionLag customerViewLag, ParkedEvents parked,
                           MeterRegistry meters) {
        this.decoder = decoder;
        this.views = views;
        this.transaction = transaction;
        // this instance may hold an erased person's key in its cache: it must not outlive the erasure, nor come
        // back from a read that fetched it just before the erasure committed
        this.update = new ViewUpdate(views, eventObjectMapper, keyVault::erasedElsewhere);
        this.lag = customerViewLag;
        this.parked = parked;
        this.redelivered = Counter.builder("lethe.projection.redelivered").tag("projection", NAME)
                .description("events skipped because the projection had applied them already").register(meters);
    }

    /**
     * Applies a poll's events in one transaction: one commit per poll instead of one per event. If event
     * {@code i} fails, the events before it are applied again in a fresh transaction (the same outcome: their
     * customers are on this consumer's partitions, which no other thread writes) and committed, and {@code i} goes
     * to the error handler as a
     * {@link BatchListenerFailedException}: parked at once if it can never apply, retried with back-off if the
     * database is away. A transaction that cannot even commit leaves nothing applied: index 0.
     */
    @KafkaListener(id = LISTENER_ID, topics = "${lethe.topics.events}", groupId = GROUP_ID, batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records, Acknowledgment acknowledgment, Consumer<?, ?> consumer) {
        lag.beforeApply(records.get(0), consumer);
        List<Decoded> decoded = records.stream().map(this::decode).toList();
        int end = records.size();
        RuntimeException failure = null;
        while (true) {
            int limit = end;
            try {
                Applied applied = Objects.requireNonNull(transaction.execute(status -> applyAll(records, decoded, limit)));
                redelivered.increment(applied.redeliveries());
                if (applied.end() < limit) {
                    failure = decoded.get(applied.end()).failure();
                    end = applied.end();
                }
                break;
            } catch (FailedAt failed) {
                failure = failed.failure;
                end = failed.index;
            } catch (RuntimeException e) {
                throw new BatchListenerFailedException("the projection's transaction failed",
                        ProjectionFailure.of(NAME, e), 0);
            }
        }
        for (int index = 0; index < end; index++) {
            lag.applied(records.get(index), consumer, decoded.get(index).timestamp());
        }
        if (failure != null) {
            throw new BatchListenerFailedException("event " + end + " of the batch failed",
                    ProjectionFailure.of(NAME, failure), end);
        }
        acknowledgment.acknowledge();
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
            case GAP -> parked.park(NAME, record, ParkReason.SEQUENCE_GAP, "expected aggregate sequence "
                    + (sequence.lastApplied() + 1));
            case BEHIND_PARKED -> parked.park(NAME, record, ParkReason.BEHIND_PARKED, null);
            case UNKNOWN_POSITION -> parked.park(NAME, record, ParkReason.REBUILD_REQUIRED, null);
        }
        return decision == CustomerSequence.Decision.REDELIVERY;
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

    private Decoded decode(ConsumerRecord<String, byte[]> record) {
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
