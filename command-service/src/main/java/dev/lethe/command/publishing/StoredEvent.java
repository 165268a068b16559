package dev.lethe.command.publishing;

/**
 * One row of the event store as the publisher needs it: the stored columns, nothing deserialized.
 *
 * @param metaData the serialized metadata (a JSON object), or {@code null}
 */
record StoredEvent(long globalIndex, String aggregateIdentifier, long sequenceNumber, String eventIdentifier,
                   String payloadType, String payloadRevision, String timestamp, byte[] metaData, byte[] payload) {
}
