package dev.lethe.contract.wire;

/**
 * The Kafka headers of a record on {@code lethe.events}: what a consumer needs without decrypting anything.
 * Values are UTF-8 text and never carry personal data (identifiers, types, times, pseudonymous actor ids only).
 * The record's key is the customer id and its value the event payload as stored (personal fields encrypted).
 */
public final class EventHeaders {

    /** The payload's type name, e.g. {@code dev.lethe.contract.customer.CustomerRegistered}. */
    public static final String EVENT_TYPE = "lethe.event.type";
    /** The payload's revision, absent for revision-less payloads. */
    public static final String EVENT_REVISION = "lethe.event.revision";
    /** The event's identifier (UUID), unique across the store. */
    public static final String EVENT_ID = "lethe.event.id";
    /** The event's position in the event store; increases with the store's order, with gaps. */
    public static final String GLOBAL_SEQUENCE = "lethe.event.global-sequence";
    /** The event's sequence number within its customer's history, from 0. */
    public static final String AGGREGATE_SEQUENCE = "lethe.event.aggregate-sequence";
    /** When the event happened (ISO-8601 instant). */
    public static final String TIMESTAMP = "lethe.event.timestamp";

    /** The command that caused the event: one header per {@link CommandMetadata} key. */
    public static final String COMMAND_ID = header(CommandMetadata.COMMAND_ID);
    public static final String COMMAND_TYPE = header(CommandMetadata.COMMAND_TYPE);
    public static final String SOURCE = header(CommandMetadata.SOURCE);
    public static final String ACTOR = header(CommandMetadata.ACTOR);
    public static final String PURPOSE = header(CommandMetadata.PURPOSE);

    private EventHeaders() {
    }

    /** The header that carries one of the command's {@link CommandMetadata} keys. */
    public static String header(String metadataKey) {
        return "lethe." + metadataKey;
    }
}
