package dev.lethe.command.ingress;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxCommandBytes largest command envelope accepted, in bytes; larger ones are rejected with
 *                        {@code PAYLOAD_TOO_LARGE} (default 65536: a customer record is a few hundred bytes)
 * @param sourceTopics    also consume one command topic per configured source ({@code <commands>.source.<source>}),
 *                        on which an envelope's {@code source} must be that source; with broker ACLs letting only
 *                        the source's principal write its topic, the source is authenticated (default false)
 * @param sharedTopic     consume the shared command topic, on which any allowed producer may claim any configured
 *                        source; switch off once every source writes to its own topic (default true)
 * @param batchSize       most commands of one poll decided in one database transaction, each in its own savepoint
 *                        where the command may write before it is decided, so that a rejection undoes only that
 *                        command; 1 gives each command its own transaction.
 *                        Larger batches save a commit (an {@code fsync}) per command but hold their locks longer
 *                        (default 50; at most {@code spring.kafka.consumer.max-poll-records} take effect). At most 64:
 *                        each command's savepoint is a PostgreSQL subtransaction, and a transaction with more than 64
 *                        of them overflows the per-backend subtransaction cache, which slows every snapshot taken
 *                        on the server while it runs
 * @param transactionTimeout longest a batch's transaction, or a single command's, may run before it is rolled back
 *                        and retried (default 10 s). Kept far below {@code lethe.publishing.gap-timeout}: an event-appending
 *                        transaction that commits later than that would hold back the publisher (ADR 0006).
 *                        Enforced on every statement Spring runs in it and checked before each one
 * @param retry           how a record that failed for a transient reason is retried before it is given up
 * @param purgeInterval   longest time between two purges of the command topics: every record below the ingress
 *                        group's committed offset is deleted from the broker (default 1 minute; see
 *                        {@code dev.lethe.command.ingress.purge.CommandTopicPurger})
 * @param segmentRoll     {@code segment.ms} of the command topics and their dead-letter topic: a segment file is
 *                        closed this long after its first record at the latest, and only closed segments can be
 *                        deleted (default 1 minute)
 */
@Validated
@ConfigurationProperties("lethe.ingress")
public record IngressProperties(@Min(1024) int maxCommandBytes, boolean sourceTopics,
                                @DefaultValue("true") boolean sharedTopic,
                                @DefaultValue("50") @Min(1) @Max(64) int batchSize,
                                @DefaultValue("10s") Duration transactionTimeout,
                                @DefaultValue @Valid Retry retry,
                                @DefaultValue("PT1M") Duration purgeInterval,
                                @DefaultValue("PT1M") Duration segmentRoll) {

    /** The transaction timeout in whole seconds, as Spring's transactions take it; at least one. */
    public int transactionTimeoutSeconds() {
        return (int) Math.max(1, (transactionTimeout.toMillis() + 999) / 1000);
    }

    /**
     * A record that failed for a transient reason (a deadlock, a serialization failure, a lock or transaction
     * timeout, a broker error) is retried from where it failed, with exponential back-off, at most
     * {@code maxAttempts} times in all; then it is parked on the dead-letter topic and answered
     * {@code INTERNAL_ERROR}. While the database or broker cannot be reached at all, no answer can be logged or sent
     * either: then the record is retried, with the same back-off, until they are back.
     *
     * @param maxAttempts     attempts in all, the first one included (default 10: about two minutes with the
     *                        default intervals)
     * @param initialInterval wait before the first retry, doubled for each next one (default 500 ms)
     * @param maxInterval     longest wait between two attempts (default 30 s); keep it well below the consumer's
     *                        {@code max.poll.interval.ms} (5 minutes), as the wait happens on the consumer's thread
     */
    public record Retry(@DefaultValue("10") @Min(1) int maxAttempts,
                        @DefaultValue("500ms") Duration initialInterval,
                        @DefaultValue("30s") Duration maxInterval) {
    }
}
