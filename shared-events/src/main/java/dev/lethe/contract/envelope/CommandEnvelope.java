package dev.lethe.contract.envelope;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A command as a source system puts it on {@code lethe.commands} (JSON, UTF-8, key = subject key). The
 * JSON Schema {@value #SCHEMA} in this module describes it for producers in any language; the command service
 * checks every record against it.
 *
 * @param commandId idempotency key (UUID); a repeated commandId is answered again but never applied twice
 * @param type      the command type, e.g. {@code RegisterCustomer}
 * @param source    the sending system; must be allowed to send this type and purpose
 * @param actor     pseudonymous id of who in the source system caused the command (never personal data)
 * @param purpose   processing purpose; decides which personal fields may be stored
 * @param issuedAt  when the source issued the command
 * @param payload   the command's own fields, as the schema describes them for its type
 */
public record CommandEnvelope(
        String commandId,
        String type,
        String source,
        String actor,
        String purpose,
        Instant issuedAt,
        ObjectNode payload) {

    /** The class-path location of the envelope's JSON Schema (draft 2020-12). */
    public static final String SCHEMA = "/lethe/command-envelope.schema.json";
}
