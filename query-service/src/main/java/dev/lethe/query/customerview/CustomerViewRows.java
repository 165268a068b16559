package dev.lethe.query.customerview;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

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

    static CustomerView.SourceRecord sourceRecord(ResultSet rs, int row) throws SQLException {
        return new CustomerView.SourceRecord(rs.getString("customer_id"), rs.getString("source"),
                rs.getString("source_customer_id"), rs.getString("purpose"), instant(rs, "linked_at"));
    }

    static CustomerView.Consent consent(ResultSet rs, int row) throws SQLException {
        return new CustomerView.Consent(rs.getString("purpose"), rs.getBoolean("granted"), rs.getString("channel"),
                rs.getString("consent_text_version"), instant(rs, "changed_at"));
    }

    static Tombstone tombstone(ResultSet rs, int row) throws SQLException {
        return new Tombstone(rs.getString("customer_id"), "ERASED", instant(rs, "erased_at"), rs.getString("reason"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        var timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
