package dev.lethe.query.customerview;

import java.time.Instant;
import java.util.List;

/** The writes an event makes to one customer's rows of the view ({@link CustomerViewRepository} in SQL). */
interface ViewWrites {

    void insert(String customerId, Instant at, long globalSequence, long aggregateSequence);

    void putFields(String customerId, boolean verified, Instant at, long sequence, List<Field.Value> values);

    void addSourceRecord(String customerId, String source, String sourceCustomerId, String purpose, Instant at,
                         long sequence);

    void setConsent(String customerId, String purpose, boolean granted, String channel, String textVersion,
                    Instant at, long sequence);

    void setRestricted(String customerId, boolean restricted);

    /** {@code survivorId} null: the customer stands on its own again. */
    void setMergedInto(String customerId, String survivorId);

    void advance(String customerId, Instant at, long globalSequence, long aggregateSequence);

    void erase(String customerId, Instant erasedAt, String reason, long globalSequence, long aggregateSequence);
}
