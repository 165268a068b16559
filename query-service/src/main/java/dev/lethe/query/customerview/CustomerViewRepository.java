package dev.lethe.query.customerview;

import dev.lethe.query.projection.CustomerSequence;
import dev.lethe.query.projection.ParkReason;
import dev.lethe.query.projection.UnprojectableEvent;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.stereotype.Repository;

/** Write access to the {@code query.customer_*} tables, one customer at a time. */
@Repository
class CustomerViewRepository implements ViewWrites {

    /** Every table of the view, children first. */
    static final List<String> TABLES = List.of("customer_blind_index", "customer_field", "customer_source_record",
            "customer_consent", "customer_view", "customer_tombstone");

    /** Per field and verified flag the latest value by (event time, global sequence): delivery order is moot. */
    static final String FIELD_COLUMNS = "INSERT INTO query.customer_field (customer_id, field, verified, value, "
            + "changed_at, global_sequence) ";
    static final String FIELD_UPSERT = " ON CONFLICT (customer_id, field, verified) DO UPDATE "
            + "SET value = EXCLUDED.value, changed_at = EXCLUDED.changed_at, global_sequence = EXCLUDED.global_sequence "
            + "WHERE (query.customer_field.changed_at, query.customer_field.global_sequence) "
            + "< (EXCLUDED.changed_at, EXCLUDED.global_sequence)";
    static final String SOURCE_RECORD_COLUMNS = "INSERT INTO query.customer_source_record (customer_id, source, "
            + "source_customer_id, purpose, linked_at, global_sequence) ";
    static final String CONSENT_COLUMNS = "INSERT INTO query.customer_consent (customer_id, purpose, granted, channel, "
            + "consent_text_version, changed_at, global_sequence) ";
    static final String CONSENT_UPSERT = " ON CONFLICT (customer_id, purpose) DO UPDATE SET granted = EXCLUDED.granted, "
            + "channel = EXCLUDED.channel, consent_text_version = COALESCE(EXCLUDED.consent_text_version, "
            + "query.customer_consent.consent_text_version), changed_at = EXCLUDED.changed_at, "
            + "global_sequence = EXCLUDED.global_sequence";
    private static final String PUT_FIELD = FIELD_COLUMNS + "VALUES (?, ?, ?, ?, ?, ?)" + FIELD_UPSERT;
    private static final String ADD_SOURCE_RECORD = SOURCE_RECORD_COLUMNS + "VALUES (?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT DO NOTHING";
    private static final String SET_CONSENT = CONSENT_COLUMNS + "VALUES (?, ?, ?, ?, ?, ?, ?)" + CONSENT_UPSERT;
    /** A tombstone already there (laid down by a restore's ledger) keeps its time and reason. */
    static final String ERASE = "INSERT INTO query.customer_tombstone (customer_id, erased_at, reason, "
            + "last_global_sequence, last_aggregate_sequence) VALUES (?, ?, ?, ?, ?) ON CONFLICT (customer_id) DO UPDATE "
            + "SET last_global_sequence = EXCLUDED.last_global_sequence, "
            + "last_aggregate_sequence = EXCLUDED.last_aggregate_sequence";
    static final String ADVANCE_TOMBSTONE = "UPDATE query.customer_tombstone SET last_aggregate_sequence = ? "
            + "WHERE customer_id = ?";

    private final JdbcTemplate jdbc;
    private final ContactIndex contactIndex;
    private final ViewCipher cipher;

    CustomerViewRepository(JdbcTemplate jdbc, ContactIndex contactIndex, ViewCipher cipher) {
        this.jdbc = jdbc;
        this.contactIndex = contactIndex;
        this.cipher = cipher;
    }

    /**
     * How far the projection got with this customer: the aggregate sequence of its last applied event (the
     * tombstone's, once erased), and whether an event of the customer is parked. One round trip per event.
     */
    CustomerSequence sequence(String projection, String customerId) {
        return jdbc.queryForObject("SELECT count(*) AS found, max(last_aggregate_sequence) AS last, "
                        + "count(*) > count(last_aggregate_sequence) AS predates_sequencing, "
                        + "EXISTS (SELECT 1 FROM query.parked_event WHERE projection = ? AND customer_id = ?) AS blocked "
                        + "FROM (SELECT last_aggregate_sequence FROM query.customer_view WHERE customer_id = ? "
                        + "UNION ALL SELECT last_aggregate_sequence FROM query.customer_tombstone WHERE customer_id = ?) own",
                (rs, row) -> new CustomerSequence(rs.getLong("found") == 0 ? CustomerSequence.NONE
                        : rs.getBoolean("predates_sequencing") ? CustomerSequence.UNKNOWN : rs.getLong("last"),
                        rs.getBoolean("blocked")),
                projection, customerId, customerId, customerId);
    }

    @Override
    public void insert(String customerId, Instant at, long globalSequence, long aggregateSequence) {
        jdbc.update("INSERT INTO query.customer_view (customer_id, status, created_at, updated_at, last_global_sequence, "
                + "last_aggregate_sequence) VALUES (?, 'ACTIVE', ?, ?, ?, ?)", customerId, ts(at), ts(at), globalSequence,
                aggregateSequence);
    }

    /**
     * Keeps, per field, the latest verified and the latest unverified value: "latest" by event time, then
     * global sequence, so that the outcome does not depend on the order of delivery. Values are stored encrypted
     * under the customer's key.
     */
    @Override
    public void putFields(String customerId, boolean verified, Instant at, long sequence, List<Field.Value> values) {
        if (values.isEmpty()) {
            return;
        }
        ViewCipher.Keys keys = cipher.keysFor(customerId);
        jdbc.batchUpdate(PUT_FIELD, values.stream()
                .map(value -> fieldRow(keys, customerId, verified, value.field(), value.value(), at, sequence)).toList());
        if (values.stream().anyMatch(value -> value.field() == Field.EMAIL || value.field() == Field.PHONE)) {
            contactIndex.refresh(List.of(customerId), keys);
        }
    }

    @Override
    public void addSourceRecord(String customerId, String source, String sourceCustomerId, String purpose, Instant at,
                         long sequence) {
        jdbc.update(ADD_SOURCE_RECORD, sourceRow(cipher.keysFor(customerId), customerId, source, sourceCustomerId,
                purpose, at, sequence));
        if (sourceCustomerId != null) {
            contactIndex.add(List.<Object[]>of(contactIndex.sourceRecord(customerId, source, sourceCustomerId)));
        }
    }

    @Override
    public void setConsent(String customerId, String purpose, boolean granted, String channel, String textVersion,
                    Instant at, long sequence) {
        jdbc.update(SET_CONSENT, consentRow(cipher.keysFor(customerId), customerId, purpose, granted, channel,
                textVersion, at, sequence));
    }

    /** The parameters of {@link #PUT_FIELD}, the value sealed under the customer's key. */
    static Object[] fieldRow(ViewCipher.Keys keys, String customerId, boolean verified, Field field, String value,
                             Instant at, long sequence) {
        return new Object[] {customerId, field.name(), verified, bytes(keys.seal(customerId, EncryptedColumn.FIELD_VALUE,
                value, field.name(), String.valueOf(verified))), ts(at), sequence};
    }

    /** The parameters of {@link #ADD_SOURCE_RECORD}, the source's reference sealed under the customer's key. */
    static Object[] sourceRow(ViewCipher.Keys keys, String customerId, String source, String sourceCustomerId,
                              String purpose, Instant at, long sequence) {
        return new Object[] {customerId, source, bytes(keys.seal(customerId, EncryptedColumn.SOURCE_CUSTOMER_ID,
                sourceCustomerId, source, String.valueOf(sequence))), purpose, ts(at), sequence};
    }

    /** The parameters of {@link #SET_CONSENT}, channel and text version sealed under the customer's key. */
    static Object[] consentRow(ViewCipher.Keys keys, String customerId, String purpose, boolean granted, String channel,
                               String textVersion, Instant at, long sequence) {
        return new Object[] {customerId, purpose, granted,
                bytes(keys.seal(customerId, EncryptedColumn.CONSENT_CHANNEL, channel, purpose)),
                bytes(keys.seal(customerId, EncryptedColumn.CONSENT_TEXT_VERSION, textVersion, purpose)), ts(at),
                sequence};
    }

    @Override
    public void setRestricted(String customerId, boolean restricted) {
        jdbc.update("UPDATE query.customer_view SET restricted = ? WHERE customer_id = ?", restricted, customerId);
    }

    /** {@code survivorId} null: the customer stands on its own again. */
    @Override
    public void setMergedInto(String customerId, String survivorId) {
        jdbc.update("UPDATE query.customer_view SET status = ?, merged_into = ? WHERE customer_id = ?",
                survivorId == null ? "ACTIVE" : "MERGED", survivorId, customerId);
    }

    /**
     * Records that the customer's event at {@code aggregateSequence} is applied: on the view row, or on the
     * tombstone for an event that follows the erasure.
     */
    @Override
    public void advance(String customerId, Instant at, long globalSequence, long aggregateSequence) {
        int rows = jdbc.update("UPDATE query.customer_view SET updated_at = ?, last_global_sequence = ?, "
                + "last_aggregate_sequence = ? WHERE customer_id = ?", ts(at), globalSequence, aggregateSequence, customerId);
        if (rows == 0) {
            rows = jdbc.update(ADVANCE_TOMBSTONE, aggregateSequence, customerId);
        }
        if (rows == 0) {
            throw new UnprojectableEvent(ParkReason.NO_CUSTOMER_ROW, "the first event of a customer is not a registration");
        }
    }

    /**
     * Removes every row holding the person's data (fields, source records, consents and blind-index entries
     * go with the view row), leaving only the tombstone. A tombstone already there (a restore's ledger laid it down
     * before this erasure arrived) takes the erasure event's position, so the view ends where a rebuild ends.
     */
    @Override
    public void erase(String customerId, Instant erasedAt, String reason, long globalSequence, long aggregateSequence) {
        jdbc.update("DELETE FROM query.customer_view WHERE customer_id = ?", customerId);
        jdbc.update(ERASE, customerId, ts(erasedAt), reason, globalSequence, aggregateSequence);
    }

    /** Empties the whole view, tombstones included, before a rebuild from the first event. */
    void truncateAll() {
        jdbc.execute("TRUNCATE " + String.join(", ", TABLES.stream().map(table -> "query." + table).toList()));
    }

    static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    /** A bytea parameter typed even when null, so that the driver need not be asked for the parameter's type. */
    static SqlParameterValue bytes(byte[] value) {
        return new SqlParameterValue(Types.BINARY, value);
    }
}
