package dev.lethe.shredding;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;

/**
 * Connects the event store to the {@link ShreddingSerializer} so that personal fields are sealed for, and
 * checked against, the event they belong to. Axon serializes a payload without its message, so:
 * <ul>
 *   <li>writing: the storage engine calls {@link #sealPayloads} before it appends; each payload is serialized
 *       with its event's identifier bound to the thread, and the message caches that serialized form, which
 *       Axon's append statement then reuses;</li>
 *   <li>reading: the storage engine passes each stored row through {@link #bound(DomainEventData)} /
 *       {@link #bound(TrackedEventData)}; the payload then carries the row's event identifier to the
 *       serializer's (lazy) deserialization, which refuses a payload sealed for another event.</li>
 * </ul>
 * An upcaster that rewrites a payload hands the serializer a new object without the row's identifier; such a
 * payload is then read for the event it names itself (still bound, only the move check is lost).
 */
public final class EventSealing {

    private static final ThreadLocal<String> SEALING_FOR = new ThreadLocal<>();

    private EventSealing() {
    }

    /**
     * Serializes every event's payload sealed for that event, so that the store writes the sealed form. Call
     * with the serializer and representation the store will ask for (a JDBC store: its event serializer,
     * {@code byte[]}).
     */
    public static void sealPayloads(List<? extends EventMessage<?>> events, Serializer serializer,
                                    Class<?> representation) {
        for (EventMessage<?> event : events) {
            sealingFor(event.getIdentifier(), () -> event.serializePayload(serializer, representation));
        }
    }

    /** Runs {@code work} with personal data serialized on this thread sealed for the given event. */
    public static <T> T sealingFor(String eventId, Supplier<T> work) {
        if (eventId == null || eventId.isBlank()) {
            throw new IllegalArgumentException("an event id is needed to seal personal data");
        }
        String previous = SEALING_FOR.get();
        SEALING_FOR.set(eventId);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                SEALING_FOR.remove();
            } else {
                SEALING_FOR.set(previous);
            }
        }
    }

    /** The event being serialized on this thread, or null outside {@link #sealingFor}. */
    static String currentEventId() {
        return SEALING_FOR.get();
    }

    /** The stored event with its payload marked as read from the row of its own event identifier. */
    public static <T> DomainEventData<T> bound(DomainEventData<T> stored) {
        return stored instanceof BoundDomainEventData<T> ? stored : new BoundDomainEventData<>(stored);
    }

    /** As {@link #bound(DomainEventData)} for a tracking read (every JDBC store row is domain event data). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static TrackedEventData<?> bound(TrackedEventData<?> stored) {
        if (stored instanceof DomainEventData<?> domain) {
            return new TrackedDomainEventData(stored.trackingToken(), bound(domain));
        }
        return stored;
    }

    /**
     * A stored payload that knows the identifier of the event row it was read from.
     *
     * @param eventId the identifier of the stored event this payload was read as
     */
    public record StoredPayload<T>(SerializedObject<T> stored, String eventId) implements SerializedObject<T> {

        @Override
        public Class<T> getContentType() {
            return stored.getContentType();
        }

        @Override
        public SerializedType getType() {
            return stored.getType();
        }

        @Override
        public T getData() {
            return stored.getData();
        }
    }

    private record BoundDomainEventData<T>(DomainEventData<T> stored) implements DomainEventData<T> {

        @Override
        public String getType() {
            return stored.getType();
        }

        @Override
        public String getAggregateIdentifier() {
            return stored.getAggregateIdentifier();
        }

        @Override
        public long getSequenceNumber() {
            return stored.getSequenceNumber();
        }

        @Override
        public String getEventIdentifier() {
            return stored.getEventIdentifier();
        }

        @Override
        public Instant getTimestamp() {
            return stored.getTimestamp();
        }

        @Override
        public SerializedObject<T> getMetaData() {
            return stored.getMetaData();
        }

        @Override
        public SerializedObject<T> getPayload() {
            return new StoredPayload<>(stored.getPayload(), stored.getEventIdentifier());
        }
    }
}
