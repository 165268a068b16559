package dev.lethe.chaos;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the platform holds at one moment, read from outside: the event store, {@code lethe.events}, the audit trail,
 * the customer view and the consumer groups' lag.
 */
record Observations(List<StoredEvent> store, List<PublishedEvent> published, List<AuditEntry> audit,
                    Map<String, ViewRow> view, Set<String> tombstones, Set<String> customersWithViewRows,
                    List<PartitionLag> lags) {

    /** A row of {@code event_store.domain_event_entry}; {@code purpose} only for consent events. */
    record StoredEvent(long globalIndex, String customerId, long sequence, String eventId, String type,
                       String commandId, String purpose) {
    }

    /** A record on {@code lethe.events}: its event id and the store position its header claims. */
    record PublishedEvent(String eventId, String key, Long globalSequence) {
    }

    record AuditEntry(String eventId, long globalPosition) {
    }

    /** A customer's own row in the view: status, restriction, and consent per purpose. */
    record ViewRow(String status, boolean restricted, Map<String, Boolean> consents) {
    }

    record PartitionLag(String group, String topic, int partition, long lag) {
    }
}
