package dev.lethe.query.customerview;

import dev.lethe.contract.Personal;
import dev.lethe.contract.customer.PostalAddress;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Table access for the {@code query.customer_*} tables. */
@Repository
class CustomerViewRepository {

    private final JdbcTemplate jdbc;

    CustomerViewRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The sequence up to which this customer's events were applied (the tombstone's, once erased). */
    Optional<Long> lastAppliedSequence(String customerId) {
        return jdbc.query("SELECT last_global_sequence FROM query.customer_view WHERE customer_id = ? "
                        + "UNION ALL SELECT last_global_sequence FROM query.customer_tombstone WHERE customer_id = ?",
                (rs, row) -> rs.getLong(1), customerId, customerId).stream().max(Long::compare);
    }

    void insert(String customerId, Instant at, long sequence) {
        jdbc.update("INSERT INTO query.customer_view (customer_id, status, created_at, updated_at, last_global_sequence) "
                + "VALUES (?, 'ACTIVE', ?, ?, ?)", customerId, ts(at), ts(at), sequence);
    }

    void touch(String customerId, Instant at, long sequence) {
        jdbc.update("UPDATE query.customer_view SET updated_at = ?, last_global_sequence = ? WHERE customer_id = ?",
                ts(at), sequence, customerId);
    }

    /** Sets the fields that are present; {@code null} leaves a field as it is. */
    void updateContact(String customerId, Personal<String> name, Personal<String> email, Personal<String> phone,
                       Personal<PostalAddress> address, Personal<LocalDate> birthDate) {
        set(customerId, "name", name);
        set(customerId, "email", email);
        set(customerId, "phone", phone);
        set(customerId, "birth_date", birthDate);
        if (address != null) {
            PostalAddress value = address.known().orElse(null);
            jdbc.update("UPDATE query.customer_view SET street = ?, postal_code = ?, city = ?, country = ? "
                            + "WHERE customer_id = ?",
                    value == null ? null : value.street(), value == null ? null : value.postalCode(),
                    value == null ? null : value.city(), value == null ? null : value.country(), customerId);
        }
    }

    void addSourceRecord(String customerId, String source, Personal<String> sourceCustomerId, String purpose,
                         Instant at) {
        jdbc.update("INSERT INTO query.customer_source_record (customer_id, source, source_customer_id, purpose, linked_at) "
                        + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                customerId, source, sourceCustomerId == null ? null : sourceCustomerId.known().orElse(null), purpose,
                ts(at));
    }

    void setConsent(String customerId, String purpose, boolean granted, String channel, String textVersion,
                    Instant at) {
        jdbc.update("INSERT INTO query.customer_consent (customer_id, purpose, granted, channel, consent_text_version, changed_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (customer_id, purpose) DO UPDATE SET granted = EXCLUDED.granted, "
                        + "channel = EXCLUDED.channel, consent_text_version = COALESCE(EXCLUDED.consent_text_version, "
                        + "query.customer_consent.consent_text_version), changed_at = EXCLUDED.changed_at",
                customerId, purpose, granted, channel, textVersion, ts(at));
    }

    void setRestricted(String customerId, boolean restricted) {
        jdbc.update("UPDATE query.customer_view SET restricted = ? WHERE customer_id = ?", restricted, customerId);
    }

    /** Removes every row holding the person's data, leaving only the tombstone. */
    void erase(String customerId, Instant erasedAt, String reason, long sequence) {
        jdbc.update("DELETE FROM query.customer_view WHERE customer_id = ?", customerId);
        jdbc.update("INSERT INTO query.customer_tombstone (customer_id, erased_at, reason, last_global_sequence) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (customer_id) DO NOTHING", customerId, ts(erasedAt), reason, sequence);
    }

    Optional<CustomerView> find(String customerId) {
        return jdbc.query("SELECT * FROM query.customer_view WHERE customer_id = ?", CustomerViewRows::view, customerId)
                .stream().findFirst().map(view -> view.with(
                        jdbc.query("SELECT source, source_customer_id, purpose, linked_at FROM query.customer_source_record "
                                + "WHERE customer_id = ? ORDER BY linked_at, source", CustomerViewRows::sourceRecord, customerId),
                        jdbc.query("SELECT purpose, granted, channel, consent_text_version, changed_at FROM query.customer_consent "
                                + "WHERE customer_id = ? ORDER BY purpose", CustomerViewRows::consent, customerId)));
    }

    Optional<Tombstone> findTombstone(String customerId) {
        return jdbc.query("SELECT customer_id, erased_at, reason FROM query.customer_tombstone WHERE customer_id = ?",
                CustomerViewRows::tombstone, customerId).stream().findFirst();
    }

    private void set(String customerId, String column, Personal<?> value) {
        if (value != null) {
            jdbc.update("UPDATE query.customer_view SET " + column + " = ? WHERE customer_id = ?",
                    value.known().orElse(null), customerId);
        }
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
