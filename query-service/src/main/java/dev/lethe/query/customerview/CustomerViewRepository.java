package dev.lethe.query.customerview;

import dev.lethe.contract.customer.ContactFormats;
import dev.lethe.query.projection.CustomerSequence;
import dev.lethe.query.projection.ParkReason;
import dev.lethe.query.projection.UnprojectableEvent;
import dev.lethe.shredding.BlindIndex;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Write access to the {@code query.customer_*} tables, one customer at a time. */
@Repository
class CustomerViewRepository implements ViewWrites {

    /** Every table of the view, children first. */
    static final List<String> TABLES = List.of("customer_blind_index", "customer_field", "customer_source_record",
            "customer_consent", "customer_view", "customer_tombstone");

    private final JdbcTemplate jdbc;
    private final BlindIndex blindIndex;
    private final ViewCipher cipher;

    CustomerViewRepository(JdbcTemplate jdbc, BlindIndex blindIndex, ViewCipher cipher) {
        this.jdbc = jdbc;
        this.blindIndex = blindIndex;
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
        jdbc.batchUpdate("INSERT INTO query.customer_field (customer_id, field, verified, value, changed_at, global_sequence) "
                        + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (customer_id, field, verified) DO UPDATE "
                        + "SET value = EXCLUDED.value, changed_at = EXCLUDED.changed_at, global_sequence = EXCLUDED.global_sequence "
                        + "WHERE (query.customer_field.changed_at, query.customer_field.global_sequence) "
                        + "< (EXCLUDED.changed_at, EXCLUDED.global_sequence)",
                values.stream().map(value -> new Object[] {customerId, value.field().name(), verified,
                        keys.seal(customerId, EncryptedColumn.FIELD_VALUE, value.value(), value.field().name(),
                                String.valueOf(verified)), ts(at), sequence}).toList());
        if (values.stream().anyMatch(value -> value.field() == Field.EMAIL || value.field() == Field.PHONE)) {
            refreshContactIndex(customerId, keys);
        }
    }

    /** The blind index holds exactly the emails and phones the customer's field rows hold. */
    private void refreshContactIndex(String customerId, ViewCipher.Keys keys) {
        jdbc.update("DELETE FROM query.customer_blind_index WHERE customer_id = ? AND kind IN ('EMAIL', 'PHONE')",
                customerId);
        List<Object[]> digests = jdbc.query("SELECT field, verified, value FROM query.customer_field WHERE customer_id = ? "
                        + "AND field IN ('EMAIL', 'PHONE') AND value IS NOT NULL", (rs, row) -> {
                    String field = rs.getString("field");
                    String value = keys.open(customerId, EncryptedColumn.FIELD_VALUE, rs.getBytes("value"), field,
                            String.valueOf(rs.getBoolean("verified")));
                    if (value == null) {
                        return null;
                    }
                    if ("EMAIL".equals(field)) {
                        return new Object[] {customerId, "EMAIL", blindIndex.email(value)};
                    }
                    // a number without a country code cannot be normalised and so cannot be matched
                    return ContactFormats.phone(value)
                            .map(phone -> new Object[] {customerId, "PHONE", blindIndex.phone(phone)}).orElse(null);
                }, customerId).stream().filter(row -> row != null).toList();
        jdbc.batchUpdate("INSERT INTO query.customer_blind_index (customer_id, kind, digest) VALUES (?, ?, ?) "
                + "ON CONFLICT DO NOTHING", digests);
    }

    @Override
    public void addSourceRecord(String customerId, String source, String sourceCustomerId, String purpose, Instant at,
                         long sequence) {
        jdbc.update("INSERT INTO query.customer_source_record (customer_id, source, source_customer_id, purpose, linked_at, "
                        + "global_sequence) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                customerId, source, cipher.keysFor(customerId).seal(customerId, EncryptedColumn.SOURCE_CUSTOMER_ID,
                        sourceCustomerId, source, String.valueOf(sequence)), purpose, ts(at), sequence);
        if (sourceCustomerId != null) {
            jdbc.update("INSERT INTO query.customer_blind_index (customer_id, kind, digest) VALUES (?, 'SOURCE_RECORD', ?) "
                    + "ON CONFLICT DO NOTHING", customerId, blindIndex.sourceRecord(source, sourceCustomerId));
        }
    }

    @Override
    public void setConsent(String customerId, String purpose, boolean granted, String channel, String textVersion,
                    Instant at, long sequence) {
        ViewCipher.Keys keys = cipher.keysFor(customerId);
        jdbc.update("INSERT INTO query.customer_consent (customer_id, purpose, granted, channel, consent_text_version, "
                        + "changed_at, global_sequence) VALUES (?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (customer_id, purpose) DO UPDATE SET granted = EXCLUDED.granted, "
                        + "channel = EXCLUDED.channel, consent_text_version = COALESCE(EXCLUDED.consent_text_version, "
                        + "query.customer_consent.consent_text_version), changed_at = EXCLUDED.changed_at, "
                        + "global_sequence = EXCLUDED.global_sequence",
                customerId, purpose, granted, keys.seal(customerId, EncryptedColumn.CONSENT_CHANNEL, channel, purpose),
                keys.seal(customerId, EncryptedColumn.CONSENT_TEXT_VERSION, textVersion, purpose), ts(at), sequence);
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
            rows = jdbc.update("UPDATE query.customer_tombstone SET last_aggregate_sequence = ? WHERE customer_id = ?",
                    aggregateSequence, customerId);
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
        jdbc.update("INSERT INTO query.customer_tombstone (customer_id, erased_at, reason, last_global_sequence, "
                + "last_aggregate_sequence) VALUES (?, ?, ?, ?, ?) ON CONFLICT (customer_id) DO UPDATE "
                + "SET last_global_sequence = EXCLUDED.last_global_sequence, "
                + "last_aggregate_sequence = EXCLUDED.last_aggregate_sequence", customerId, ts(erasedAt), reason,
                globalSequence, aggregateSequence);
    }

    /** Empties the whole view, tombstones included, before a rebuild from the first event. */
    void truncateAll() {
        jdbc.execute("TRUNCATE " + String.join(", ", TABLES.stream().map(table -> "query." + table).toList()));
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
