package dev.lethe.command.ingress.transport;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The Kafka topics of the command service.
 *
 * @param commands          where source systems send command envelopes (default {@code lethe.commands})
 * @param commandResults    one result per consumed command, key = commandId (default {@code lethe.command-results})
 * @param commandsDlq       records that cannot be decoded at all, with error headers (default {@code lethe.commands.dlq})
 * @param events            stored events, encrypted as stored, key = customerId (default {@code lethe.events})
 * @param partitions        partitions of topics this service creates; more partitions = more parallel ingress (default 3)
 * @param replicationFactor replication factor of created topics; 3 on a real cluster (default 1)
 * @param commandsRetention retention of the command topic and its DLQ, which carry plaintext personal data
 *                          from producers, so it is kept short (default 24 h)
 */
@Validated
@ConfigurationProperties("lethe.topics")
public record LetheTopics(
        @NotBlank String commands,
        @NotBlank String commandResults,
        @NotBlank String commandsDlq,
        @NotBlank String events,
        @Min(1) int partitions,
        @Min(1) short replicationFactor,
        @NotNull Duration commandsRetention) {
}
