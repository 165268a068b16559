package dev.lethe.contract.envelope;

import java.time.Instant;
import java.util.Map;

/**
 * A command as a source system puts it on {@code lethe.commands} (JSON, UTF-8, key = subject key). The
 * JSON Schema {@code /lethe/command-envelope.schema.json} in this module describes it for producers in any
 * language.
 *
 * @param commandId idempotency key (UUID); a repeated commandId is answered again but never applied twice
 * @param type      the command type, e.g. {@code RegisterCustomer}
 * @param source    the sending system; must be allowed to send this type and purpose
 * @param actor     pseudonymous id of who in the source system caused the command (never personal data)
 * @param purpose   processing purpose; decides which personal fields may be stored
 * @param issuedAt  when the source issued the command
 * @param payload   the command's own fields
 */
public record CommandEnvelope(
        String commandId,
        String type,
        String source,
        String actor,
        String purpose,
        Instant issuedAt,
        Map<String, Object> payload) {
}
