package dev.lethe.command.ingress;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
 *                        so that a rejection undoes only that command; 1 gives each command its own transaction.
 *                        Larger batches save a commit (an {@code fsync}) per command but hold their locks longer
 *                        (default 50; at most {@code spring.kafka.consumer.max-poll-records} take effect). At most 64:
 *                        each command's savepoint is a PostgreSQL subtransaction, and a transaction with more than 64
 *                        of them overflows the per-backend subtransaction cache, which slows every snapshot taken
 *                        on the server while it runs
 */
@Validated
@ConfigurationProperties("lethe.ingress")
public record IngressProperties(@Min(1024) int maxCommandBytes, boolean sourceTopics,
                                @DefaultValue("true") boolean sharedTopic,
                                @DefaultValue("50") @Min(1) @Max(64) int batchSize) {
}
