package dev.lethe.command.publishing;

import dev.lethe.command.ingress.transport.LetheTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes every stored event to {@code lethe.events}, reading the event store as an outbox (ADR 0002, ADR 0006):
 * the store is read in {@code globalIndex} order up to where it is final ({@link CommitHorizon}), a batch at a time,
 * so an event committed before a crash is published after it and an event committed late into a lower index is
 * never skipped. The record value is the payload exactly as stored (personal fields still encrypted).
 *
 * <p>One thread, one transaction per batch: the horizon, the batch's rows, the sends (flushed, then awaited
 * together) and the position, which commits only once the broker acknowledged every record. A failure rolls it
 * back and the batch is read and sent again after a pause (at-least-once: consumers de-duplicate by event id).
 * Per customer the store's order is the aggregate's order, and records are keyed by customerId.
 */
@Component
class EventPublisher implements SmartLifecycle {

    /** After Axon and the restored ledger's steps (RestoredLedger, LedgerReapplication), before the ingress. */
    static final int PHASE = Integer.MAX_VALUE - 2048;
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LAST_RETRY = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final String topic;
    private final StoreFeed feed;
    private final PublisherPosition positions;
    private final TransactionTemplate transaction;
    private final int batchSize;
    private final Duration ackTimeout;
    private final Duration idleDelay;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stopping = lock.newCondition();

    private volatile Thread thread;
    private volatile boolean running;
    private volatile long position = -1;
    private volatile RuntimeException failure;
    private volatile long rounds;
    private CommitHorizon horizon;
    private boolean reload = true;

    @SuppressWarnings("unchecked")
    EventPublisher(ProducerFactory<?, ?> producers, LetheTopics topics, StoreFeed feed, PublisherPosition positions,
                   PlatformTransactionManager transactions,
                   @Value("${lethe.publishing.batch-size:500}") int batchSize,
                   @Value("${lethe.publishing.ack-timeout:60s}") Duration ackTimeout,
                   @Value("${lethe.publishing.fetch-delay:20ms}") Duration idleDelay,
                   @Value("${lethe.publishing.producer-batch-bytes:262144}") int producerBatchBytes) {
        // the service's producer settings (acks=all, idempotent), with batches that hold a few hundred events
        this.kafka = new KafkaTemplate<>((ProducerFactory<String, byte[]>) producers,
                Map.of(ProducerConfig.BATCH_SIZE_CONFIG, producerBatchBytes));
        this.topic = topics.events();
        this.feed = feed;
        this.positions = positions;
        this.transaction = new TransactionTemplate(transactions);
        this.batchSize = batchSize;
        this.ackTimeout = ackTimeout;
        this.idleDelay = idleDelay;
    }

    @Override
    public void start() {
        feed.open();
        running = true;
        thread = new Thread(this::publishUntilStopped, PublisherPosition.PUBLISHER);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        signal();
        Thread publisher = thread;
        if (publisher != null) {
            try {
                // a batch in flight may finish; one waiting for a dead broker is cut short
                publisher.join(10_000);
                publisher.interrupt();
                publisher.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        kafka.destroy();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The highest index known published, or -1 before the publisher read its position. */
    long position() {
        return position;
    }

    /** The last batch's failure while it is being retried; {@code null} once a batch went through. */
    RuntimeException failure() {
        return failure;
    }

    /** Batches attempted so far (tests wait for a few to pass before they conclude that something was held back). */
    long rounds() {
        return rounds;
    }

    private void publishUntilStopped() {
        Duration retry = FIRST_RETRY;
        while (running) {
            Duration pause;
            try {
                int published = publishOneBatch();
                failure = null;
                retry = FIRST_RETRY;
                pause = published < batchSize ? idleDelay : Duration.ZERO;
            } catch (RuntimeException e) {
                failure = e;
                pause = retry;
                retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
                // class names only: messages may quote data
                log.warn("Publishing a batch of events failed ({}); retrying from its first event in {} ms",
                        e.getClass().getName(), pause.toMillis());
                reload = true;
            } finally {
                rounds++;
            }
            pause(pause);
        }
    }

    /** @return how many events were published */
    private int publishOneBatch() {
        if (reload) {
            // at start and after a failure: the committed position, whatever the failed batch had reached
            long committed = positions.current();
            if (horizon == null) {
                horizon = new CommitHorizon(committed);
            }
            position = committed;
            reload = false;
        }
        Batch batch = transaction.execute(status -> {
            StoreFeed.Observation observation = feed.observe(ackTimeout.plusSeconds(30));
            long upTo = horizon.passedIn(observation.oldestInProgress());
            if (horizon.wantsFence(observation.lastDrawn())) {
                horizon.fence(observation.lastDrawn(), feed.transactionId());
            }
            if (upTo <= position) {
                return new Batch(0, position);
            }
            List<StoredEvent> events = feed.read(position, upTo, batchSize);
            send(events);
            // a full batch may end below the horizon; otherwise everything up to it is published (or never was)
            long reached = events.size() == batchSize ? events.get(events.size() - 1).globalIndex() : upTo;
            positions.move(position, reached);
            return new Batch(events.size(), reached);
        });
        // committed: only now is the batch published
        position = batch.reached();
        return batch.events();
    }

    private record Batch(int events, long reached) {
    }

    private void send(List<StoredEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<CompletableFuture<?>> sends = new ArrayList<>(events.size());
        try {
            for (StoredEvent event : events) {
                sends.add(kafka.send(EventRecordMapper.toRecord(topic, event)));
            }
            // the batch is complete: no reason to wait for the producer's linger
            kafka.flush();
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while publishing events", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw e instanceof KafkaException kafkaException ? kafkaException
                    : new KafkaException("the broker did not acknowledge published events", e);
        }
    }

    private void pause(Duration pause) {
        if (pause.isZero() || !running) {
            return;
        }
        lock.lock();
        try {
            stopping.await(pause.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    private void signal() {
        lock.lock();
        try {
            stopping.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
