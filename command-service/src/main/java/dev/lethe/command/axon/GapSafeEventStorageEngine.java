package dev.lethe.command.axon;

import dev.lethe.shredding.EventSealing;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Axon's JDBC store, with one rule that makes its gap timeout safe: a transaction that appended events may only
 * commit within {@code appendLimit} of its oldest event's timestamp.
 *
 * <p>Why: the event publisher reads the store only up to where no transaction can still commit an event (ADR 0006),
 * so an open appending transaction holds back every event above its index; this bound is what keeps that wait short
 * (before ADR 0006 it kept Axon's gap timeout from dropping a late event, STACK.md pitfall 11). The limit is a
 * quarter of {@code lethe.publishing.gap-timeout} ({@link EventStoreConfig}). A transaction past the limit is rolled
 * back with an {@link AppendTransactionTooLongException}, which the ingress treats as transient: the command is
 * decided again.
 *
 * <p>It also binds personal data to its event ({@link EventSealing}, docs/crypto-shredding.md §4): payloads are
 * sealed for their event's identifier when appended and checked against the row's identifier when read.
 */
final class GapSafeEventStorageEngine extends JdbcEventStorageEngine {

    private static final String OLDEST_APPENDED = GapSafeEventStorageEngine.class.getName() + ".oldest";

    private final Duration appendLimit;

    GapSafeEventStorageEngine(Builder builder, Duration appendLimit) {
        super(builder);
        this.appendLimit = appendLimit;
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        // each payload's personal fields sealed for its own event id; Axon's insert reuses the cached form
        EventSealing.sealPayloads(events, serializer, byte[].class);
        super.appendEvents(events, serializer);
        if (events.isEmpty() || !TransactionSynchronizationManager.isSynchronizationActive()) {
            // appended in a transaction of its own, already committed
            return;
        }
        Instant oldest = events.stream().map(EventMessage::getTimestamp).min(Instant::compareTo).orElseThrow();
        Deadline deadline = (Deadline) TransactionSynchronizationManager.getResource(OLDEST_APPENDED);
        if (deadline == null) {
            deadline = new Deadline(appendLimit);
            TransactionSynchronizationManager.bindResource(OLDEST_APPENDED, deadline);
            TransactionSynchronizationManager.registerSynchronization(deadline);
        }
        deadline.appended(oldest);
    }

    /** Every row read hands its event id to the serializer, which refuses a payload sealed for another event. */
    @Override
    protected DomainEventData<?> getDomainEventData(ResultSet resultSet) throws SQLException {
        return EventSealing.bound(super.getDomainEventData(resultSet));
    }

    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
            throws SQLException {
        return EventSealing.bound(super.getTrackedEventData(resultSet, previousToken));
    }

    /**
     * Transient: the same command in a fresh transaction is fine. Deliberately not a Spring
     * {@code TransactionException}: thrown from {@code beforeCommit}, one of those is taken for a failed commit and
     * not rolled back, and returning the connection to the pool then commits it.
     */
    static final class AppendTransactionTooLongException extends TransientDataAccessException {
        AppendTransactionTooLongException(String message) {
            super(message);
        }
    }

    /** The oldest event appended in one transaction; checked just before that transaction commits. */
    private static final class Deadline implements TransactionSynchronization {
        private final Duration limit;
        private Instant oldest = Instant.MAX;

        Deadline(Duration limit) {
            this.limit = limit;
        }

        void appended(Instant timestamp) {
            if (timestamp.isBefore(oldest)) {
                oldest = timestamp;
            }
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            // Axon's clock: the one that stamped the events and that the gap timeout is judged by
            Duration age = Duration.between(oldest, GenericEventMessage.clock.instant());
            if (age.compareTo(limit) > 0) {
                throw new AppendTransactionTooLongException("a transaction that appended events ran for " + age.toMillis()
                        + " ms, longer than " + limit.toMillis() + " ms; rolled back so that it cannot hold the event"
                        + " publisher back");
            }
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(OLDEST_APPENDED);
        }
    }
}
