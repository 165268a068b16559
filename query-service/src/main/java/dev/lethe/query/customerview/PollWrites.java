package dev.lethe.query.customerview;

import dev.lethe.query.projection.ParkReason;
import dev.lethe.query.projection.UnprojectableEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The writes of a whole poll, folded per customer in memory into the rows they leave behind, for
 * {@link ViewBatchRepository} to write with one statement (or one JDBC batch) per table. Each write here mirrors what
 * the same write does in SQL one event at a time ({@link CustomerViewRepository}): the latest value per field by
 * (event time, global sequence), the last consent per purpose, the blind index rebuilt from the final fields, an
 * erasure removing everything the customer had. A write whose SQL would fail, or whose outcome would depend on
 * statement order across tables (rows re-created after an erasure), is {@link NotFoldable}: the caller then applies
 * the poll one event at a time, which reports the failing event.
 */
final class PollWrites implements ViewWrites {

    private final Map<String, Customer> customers = new LinkedHashMap<>();

    /** @param positions where each customer of the poll stands before it, as read for the poll */
    PollWrites(Map<String, ViewBatchRepository.Position> positions) {
        positions.forEach((id, position) -> customers.put(id, new Customer(id, position)));
    }

    Collection<Customer> customers() {
        return customers.values();
    }

    @Override
    public void insert(String customerId, Instant at, long globalSequence, long aggregateSequence) {
        Customer customer = customer(customerId);
        if (customer.viewPresent || customer.erasedHere) {
            throw new NotFoldable();
        }
        customer.inserted = true;
        customer.viewPresent = true;
        customer.createdAt = at;
        customer.restricted = false;
        customer.mergeChanged = true;
        customer.mergedInto = null;
        customer.advanceView(at, globalSequence, aggregateSequence);
    }

    @Override
    public void putFields(String customerId, boolean verified, Instant at, long sequence, List<Field.Value> values) {
        if (values.isEmpty()) {
            return;
        }
        Customer customer = present(customerId);
        for (Field.Value value : values) {
            customer.fields.computeIfAbsent(value.field(), field -> new EnumMap<>(FieldWrite.Slot.class)).merge(FieldWrite.Slot.of(verified),
                    new FieldWrite(value.value(), at, sequence), FieldWrite::later);
            if (value.field() == Field.EMAIL || value.field() == Field.PHONE) {
                customer.contactIndex = true;
            }
        }
    }

    @Override
    public void addSourceRecord(String customerId, String source, String sourceCustomerId, String purpose, Instant at,
                                long sequence) {
        // the first row per (customer, global sequence) stays, as ON CONFLICT DO NOTHING keeps it
        present(customerId).sources.putIfAbsent(sequence, new SourceWrite(source, sourceCustomerId, purpose, at,
                sequence));
    }

    @Override
    public void setConsent(String customerId, String purpose, boolean granted, String channel, String textVersion,
                           Instant at, long sequence) {
        present(customerId).consents.merge(purpose, new ConsentWrite(purpose, granted, channel, textVersion, at,
                sequence), (earlier, later) -> later.textVersion() != null ? later : later.withTextVersion(
                earlier.textVersion()));
    }

    @Override
    public void setRestricted(String customerId, boolean restricted) {
        Customer customer = customer(customerId);
        if (customer.viewPresent) {
            customer.restricted = restricted;
        }
    }

    @Override
    public void setMergedInto(String customerId, String survivorId) {
        Customer customer = customer(customerId);
        if (customer.viewPresent) {
            customer.mergeChanged = true;
            customer.mergedInto = survivorId;
        }
    }

    @Override
    public void advance(String customerId, Instant at, long globalSequence, long aggregateSequence) {
        Customer customer = customer(customerId);
        if (customer.viewPresent) {
            customer.advanceView(at, globalSequence, aggregateSequence);
        } else if (customer.tombstonePresent) {
            customer.tombstoneAggregateSequence = aggregateSequence;
        } else {
            throw new UnprojectableEvent(ParkReason.NO_CUSTOMER_ROW,
                    "the first event of a customer is not a registration");
        }
    }

    @Override
    public void erase(String customerId, Instant erasedAt, String reason, long globalSequence, long aggregateSequence) {
        Customer customer = customer(customerId);
        // the rows written so far go with the view row (ON DELETE CASCADE): none of them is written at all
        customer.deleteView = customer.deleteView || customer.viewPresent && !customer.inserted;
        customer.inserted = false;
        customer.viewPresent = false;
        customer.fields.clear();
        customer.sources.clear();
        customer.consents.clear();
        customer.contactIndex = false;
        customer.updatedAt = null;
        if (!customer.erasedHere) {
            // a tombstone already there keeps its time and reason (ON CONFLICT updates only the position)
            customer.erasedAt = erasedAt;
            customer.erasureReason = reason;
        }
        customer.erasedHere = true;
        customer.tombstonePresent = true;
        customer.tombstoneGlobalSequence = globalSequence;
        customer.tombstoneAggregateSequence = aggregateSequence;
    }

    private Customer present(String customerId) {
        Customer customer = customer(customerId);
        if (!customer.viewPresent) {
            // in SQL a foreign-key violation: the event-at-a-time path reports it for this event
            throw new NotFoldable();
        }
        return customer;
    }

    private Customer customer(String customerId) {
        return Objects.requireNonNull(customers.get(customerId), "no position was read for a customer of the poll");
    }

    /** One customer's rows as the poll leaves them; null or empty where the poll does not change them. */
    static final class Customer {

        final String id;
        final boolean viewExisted;
        final boolean tombstoneExisted;
        boolean viewPresent;
        boolean tombstonePresent;
        boolean inserted;
        boolean deleteView;
        Instant createdAt;
        Instant updatedAt;
        long lastGlobalSequence;
        long lastAggregateSequence;
        Boolean restricted;
        boolean mergeChanged;
        String mergedInto;
        boolean erasedHere;
        Instant erasedAt;
        String erasureReason;
        long tombstoneGlobalSequence;
        Long tombstoneAggregateSequence;
        final Map<Field, Map<FieldWrite.Slot, FieldWrite>> fields = new EnumMap<>(Field.class);
        final Map<Long, SourceWrite> sources = new LinkedHashMap<>();
        final Map<String, ConsentWrite> consents = new LinkedHashMap<>();
        boolean contactIndex;

        Customer(String id, ViewBatchRepository.Position position) {
            this.id = id;
            this.viewExisted = position.view();
            this.tombstoneExisted = position.tombstone();
            this.viewPresent = viewExisted;
            this.tombstonePresent = tombstoneExisted;
        }

        private void advanceView(Instant at, long globalSequence, long aggregateSequence) {
            updatedAt = at;
            lastGlobalSequence = globalSequence;
            lastAggregateSequence = aggregateSequence;
        }

        /** The view row existed before the poll and is still there, with changes: an UPDATE. */
        boolean updatesView() {
            return viewExisted && viewPresent && !inserted && updatedAt != null;
        }

        List<SourceWrite> sourceRecords() {
            return new ArrayList<>(sources.values());
        }
    }

    /** A field value written; per field and verified flag the later one by (event time, global sequence) stays. */
    record FieldWrite(String value, Instant at, long globalSequence) {

        enum Slot {
            UNVERIFIED, VERIFIED;

            static Slot of(boolean verified) {
                return verified ? VERIFIED : UNVERIFIED;
            }

            boolean verified() {
                return this == VERIFIED;
            }
        }

        static FieldWrite later(FieldWrite a, FieldWrite b) {
            int byTime = a.at.compareTo(b.at);
            // ties keep the one written first, as the upsert's strict comparison does
            return byTime < 0 || byTime == 0 && a.globalSequence < b.globalSequence ? b : a;
        }
    }

    record SourceWrite(String source, String sourceCustomerId, String purpose, Instant at, long globalSequence) {
    }

    /** The last consent per purpose; a withdrawal keeps the text version granted before (COALESCE). */
    record ConsentWrite(String purpose, boolean granted, String channel, String textVersion, Instant at,
                        long globalSequence) {

        ConsentWrite withTextVersion(String earlier) {
            return new ConsentWrite(purpose, granted, channel, earlier, at, globalSequence);
        }
    }

    /** The poll cannot be written set-based with the same outcome; apply it one event at a time. */
    static final class NotFoldable extends RuntimeException {

        NotFoldable() {
            super(null, null, false, false);
        }
    }
}
