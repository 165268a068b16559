package dev.lethe.query.customerview;

import static dev.lethe.query.customerview.CustomerViewRepository.ts;

import dev.lethe.query.projection.CustomerSequence;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads and writes the view for a whole poll: where each customer of the poll stands with one query, and what the
 * poll leaves behind ({@link PollWrites}) with one statement or one JDBC batch per table, in the caller's transaction.
 * Parents before children: erased rows go first, new view rows before their fields, source records and consents.
 */
@Repository
class ViewBatchRepository {

    private static final String POSITIONS = """
            SELECT c.id, v.customer_id IS NOT NULL AS has_view, v.last_aggregate_sequence AS view_last,
                   t.customer_id IS NOT NULL AS has_tombstone, t.last_aggregate_sequence AS tombstone_last,
                   EXISTS (SELECT 1 FROM query.parked_event p WHERE p.projection = ? AND p.customer_id = c.id) AS blocked
            FROM unnest(?::varchar[]) AS c(id)
            LEFT JOIN query.customer_view v ON v.customer_id = c.id
            LEFT JOIN query.customer_tombstone t ON t.customer_id = c.id""";
    private static final String INSERT_VIEW = "INSERT INTO query.customer_view (customer_id, status, merged_into, "
            + "restricted, created_at, updated_at, last_global_sequence, last_aggregate_sequence) SELECT * FROM "
            + "unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::boolean[], ?::timestamptz[], ?::timestamptz[], "
            + "?::bigint[], ?::bigint[])";
    /** Restriction and merge only where the poll changed them (a null restriction, a false merge flag: kept). */
    private static final String UPDATE_VIEW = "UPDATE query.customer_view v SET updated_at = u.updated_at, "
            + "last_global_sequence = u.global_sequence, last_aggregate_sequence = u.aggregate_sequence, "
            + "restricted = COALESCE(u.restricted, v.restricted), "
            + "status = CASE WHEN u.merge_changed THEN u.status ELSE v.status END, "
            + "merged_into = CASE WHEN u.merge_changed THEN u.merged_into ELSE v.merged_into END "
            + "FROM unnest(?::varchar[], ?::timestamptz[], ?::bigint[], ?::bigint[], ?::boolean[], ?::boolean[], "
            + "?::varchar[], ?::varchar[]) AS u(customer_id, updated_at, global_sequence, aggregate_sequence, "
            + "restricted, merge_changed, status, merged_into) WHERE v.customer_id = u.customer_id";
    private static final String PUT_FIELDS = CustomerViewRepository.FIELD_COLUMNS + "SELECT * FROM unnest("
            + "?::varchar[], ?::varchar[], ?::boolean[], ?::bytea[], ?::timestamptz[], ?::bigint[])"
            + CustomerViewRepository.FIELD_UPSERT;
    private static final String ADD_SOURCE_RECORDS = CustomerViewRepository.SOURCE_RECORD_COLUMNS + "SELECT * FROM "
            + "unnest(?::varchar[], ?::varchar[], ?::bytea[], ?::varchar[], ?::timestamptz[], ?::bigint[]) "
            + "ON CONFLICT DO NOTHING";
    private static final String SET_CONSENTS = CustomerViewRepository.CONSENT_COLUMNS + "SELECT * FROM unnest("
            + "?::varchar[], ?::varchar[], ?::boolean[], ?::bytea[], ?::bytea[], ?::timestamptz[], ?::bigint[])"
            + CustomerViewRepository.CONSENT_UPSERT;

    private final JdbcTemplate jdbc;
    private final ContactIndex contactIndex;

    ViewBatchRepository(JdbcTemplate jdbc, ContactIndex contactIndex) {
        this.jdbc = jdbc;
        this.contactIndex = contactIndex;
    }

    /**
     * Where each customer stands, as {@link CustomerViewRepository#sequence} says for one: the aggregate sequence
     * of its last applied event (the later of view row and tombstone), whether one of its events is parked, and
     * which of its rows exist. One round trip for the poll.
     */
    Map<String, Position> positions(String projection, Collection<String> customerIds) {
        Map<String, Position> positions = new HashMap<>();
        jdbc.query(POSITIONS, rs -> {
            boolean view = rs.getBoolean("has_view");
            Long viewLast = (Long) rs.getObject("view_last");
            boolean tombstone = rs.getBoolean("has_tombstone");
            Long tombstoneLast = (Long) rs.getObject("tombstone_last");
            long last;
            if (!view && !tombstone) {
                last = CustomerSequence.NONE;
            } else if (view && viewLast == null || tombstone && tombstoneLast == null) {
                last = CustomerSequence.UNKNOWN;
            } else {
                last = Math.max(view ? viewLast : Long.MIN_VALUE, tombstone ? tombstoneLast : Long.MIN_VALUE);
            }
            positions.put(rs.getString("id"), new Position(view, tombstone,
                    new CustomerSequence(last, rs.getBoolean("blocked"))));
        }, projection, customerIds.toArray(String[]::new));
        return positions;
    }

    /** Writes what the poll leaves behind; the keys are those of the poll's customers. */
    void write(PollWrites writes, ViewCipher.Keys keys) {
        Collection<PollWrites.Customer> customers = writes.customers();
        String[] deleted = customers.stream().filter(customer -> customer.deleteView).map(customer -> customer.id)
                .toArray(String[]::new);
        if (deleted.length > 0) {
            jdbc.update("DELETE FROM query.customer_view WHERE customer_id = ANY (?)", (Object) deleted);
        }
        batch(CustomerViewRepository.ERASE, customers.stream().filter(customer -> customer.erasedHere)
                .map(customer -> new Object[] {customer.id, ts(customer.erasedAt), customer.erasureReason,
                        customer.tombstoneGlobalSequence, customer.tombstoneAggregateSequence}).toList());
        batch(CustomerViewRepository.ADVANCE_TOMBSTONE, customers.stream()
                .filter(customer -> !customer.erasedHere && customer.tombstoneAggregateSequence != null)
                .map(customer -> new Object[] {customer.tombstoneAggregateSequence, customer.id}).toList());
        unnest(INSERT_VIEW, customers.stream().filter(customer -> customer.inserted)
                .map(customer -> new Object[] {customer.id, customer.mergedInto == null ? "ACTIVE" : "MERGED",
                        customer.mergedInto, customer.restricted, ts(customer.createdAt), ts(customer.updatedAt),
                        customer.lastGlobalSequence, customer.lastAggregateSequence}).toList(),
                String.class, String.class, String.class, Boolean.class, Timestamp.class, Timestamp.class, Long.class,
                Long.class);
        unnest(UPDATE_VIEW, customers.stream().filter(PollWrites.Customer::updatesView)
                .map(customer -> new Object[] {customer.id, ts(customer.updatedAt), customer.lastGlobalSequence,
                        customer.lastAggregateSequence, customer.restricted, customer.mergeChanged,
                        customer.mergedInto == null ? "ACTIVE" : "MERGED", customer.mergedInto}).toList(),
                String.class, Timestamp.class, Long.class, Long.class, Boolean.class, Boolean.class, String.class,
                String.class);
        writeChildren(customers, keys);
    }

    private void writeChildren(Collection<PollWrites.Customer> customers, ViewCipher.Keys keys) {
        List<Object[]> fields = new ArrayList<>();
        List<Object[]> sources = new ArrayList<>();
        List<Object[]> sourceDigests = new ArrayList<>();
        List<Object[]> consents = new ArrayList<>();
        List<String> contacts = new ArrayList<>();
        for (PollWrites.Customer customer : customers) {
            customer.fields.forEach((field, slots) -> slots.forEach((slot, write) -> fields.add(
                    CustomerViewRepository.fieldRow(keys, customer.id, slot.verified(), field, write.value(),
                            write.at(), write.globalSequence()))));
            for (PollWrites.SourceWrite source : customer.sourceRecords()) {
                sources.add(CustomerViewRepository.sourceRow(keys, customer.id, source.source(),
                        source.sourceCustomerId(), source.purpose(), source.at(), source.globalSequence()));
                if (source.sourceCustomerId() != null) {
                    sourceDigests.add(contactIndex.sourceRecord(customer.id, source.source(),
                            source.sourceCustomerId()));
                }
            }
            customer.consents.values().forEach(consent -> consents.add(CustomerViewRepository.consentRow(keys,
                    customer.id, consent.purpose(), consent.granted(), consent.channel(), consent.textVersion(),
                    consent.at(), consent.globalSequence())));
            if (customer.contactIndex) {
                contacts.add(customer.id);
            }
        }
        unnest(PUT_FIELDS, fields, String.class, String.class, Boolean.class, byte[].class, Timestamp.class,
                Long.class);
        unnest(ADD_SOURCE_RECORDS, sources, String.class, String.class, byte[].class, String.class, Timestamp.class,
                Long.class);
        contactIndex.add(sourceDigests);
        contactIndex.refresh(contacts, keys);
        unnest(SET_CONSENTS, consents, String.class, String.class, Boolean.class, byte[].class, byte[].class,
                Timestamp.class, Long.class);
    }

    /** One statement for all the rows: each column an array ({@link Columns}). */
    private void unnest(String sql, List<Object[]> rows, Class<?>... types) {
        if (!rows.isEmpty()) {
            jdbc.update(sql, Columns.of(rows, types));
        }
    }

    private void batch(String sql, List<Object[]> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(sql, rows);
        }
    }

    /**
     * @param view      whether the customer's view row exists
     * @param tombstone whether the customer's tombstone exists
     */
    record Position(boolean view, boolean tombstone, CustomerSequence sequence) {
    }
}
