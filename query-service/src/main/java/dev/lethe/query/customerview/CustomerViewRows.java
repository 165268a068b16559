package dev.lethe.query.customerview;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.springframework.jdbc.core.RowMapper;

/** Row mappers of the customer view tables. */
final class CustomerViewRows {

    private CustomerViewRows() {
    }

    /** One row of {@code customer_view}, the fields that are not decided by survivorship. */
    record Own(String customerId, String status, String mergedInto, boolean restricted, Instant createdAt,
               Instant updatedAt) {
    }

    static Own own(ResultSet rs, int row) throws SQLException {
        return new Own(rs.getString("customer_id"), rs.getString("status"), rs.getString("merged_into"),
                rs.getBoolean("restricted"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    /** A row of {@code customer_field}, its value still encrypted. */
    static Survivorship.Candidate<byte[]> field(ResultSet rs, int row) throws SQLException {
        return new Survivorship.Candidate<>(rs.getString("customer_id"), Field.valueOf(rs.getString("field")),
                rs.getBoolean("verified"), instant(rs, "changed_at"), rs.getLong("global_sequence"),
                rs.getBytes("value"));
    }

    /** A source record, its reference decrypted with the keys of the read. */
    static RowMapper<CustomerView.SourceRecord> sourceRecord(ViewCipher.Keys keys) {
        return (rs, row) -> {
            String customerId = rs.getString("customer_id");
            String source = rs.getString("source");
            return new CustomerView.SourceRecord(customerId, source, keys.open(customerId,
                    EncryptedColumn.SOURCE_CUSTOMER_ID, rs.getBytes("source_customer_id"), source,
                    String.valueOf(rs.getLong("global_sequence"))), rs.getString("purpose"), instant(rs, "linked_at"));
        };
    }

    /** A consent, its channel and text version decrypted with the keys of the read. */
    static RowMapper<CustomerView.Consent> consent(ViewCipher.Keys keys) {
        return (rs, row) -> {
            String customerId = rs.getString("customer_id");
            String purpose = rs.getString("purpose");
            return new CustomerView.Consent(purpose, rs.getBoolean("granted"),
                    keys.open(customerId, EncryptedColumn.CONSENT_CHANNEL, rs.getBytes("channel"), purpose),
                    keys.open(customerId, EncryptedColumn.CONSENT_TEXT_VERSION, rs.getBytes("consent_text_version"),
                            purpose), instant(rs, "changed_at"));
        };
    }

    static Tombstone tombstone(ResultSet rs, int row) throws SQLException {
        return new Tombstone(rs.getString("customer_id"), "ERASED", instant(rs, "erased_at"), rs.getString("reason"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        var timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
