package dev.lethe.shredding;

/**
 * The event a personal field's ciphertext is sealed for (format v2): its identifier, unique across the store,
 * and its payload type (the Java class name, the store's {@code payloadType} and the {@code lethe.event.type}
 * header). Bound into the associated data, so a ciphertext authenticates in that one event only.
 */
record EventBinding(String eventId, String eventType) {

    public EventBinding {
        if (eventId == null || eventId.isBlank() || eventType == null || eventType.isBlank()) {
            throw new IllegalArgumentException("an event binding needs an event id and an event type");
        }
    }
}
