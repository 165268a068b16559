package dev.lethe.command.ingress;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxCommandBytes largest command envelope accepted, in bytes; larger ones are rejected with
 *                        {@code PAYLOAD_TOO_LARGE} (default 65536: a customer record is a few hundred bytes)
 */
@Validated
@ConfigurationProperties("lethe.ingress")
public record IngressProperties(@Min(1024) int maxCommandBytes) {
}
