package dev.lethe.query.customerview;

import dev.lethe.contract.Personal;
import dev.lethe.contract.customer.PostalAddress;
import java.sql.Timestamp;
import java.time.Instant;
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

    /** One statement for a new golden record with every given field. */
    void insert(String customerId, Instant at, long sequence, ContactFields contact) {
        PostalAddress address = contact.address();
        jdbc.update("INSERT INTO query.customer_view (customer_id, status, name, email, phone, street, postal_code, city, "
                        + "country, birth_date, created_at, updated_at, last_global_sequence) "
                        + "VALUES (?, 'ACTIVE', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                customerId, contact.name(), contact.email(), contact.phone(),
                address == null ? null : address.street(), address == null ? null : address.postalCode(),
                address == null ? null : address.city(), address == null ? null : address.country(),
                contact.birthDate(), ts(at), ts(at), sequence);
    }

    /** Sets the fields the event carries and leaves the others, in one statement. */
    void updateContact(String customerId, Instant at, long sequence, ContactFields contact) {
        PostalAddress address = contact.address();
        jdbc.update("UPDATE query.customer_view SET "
                        + "name = CASE WHEN ? THEN ? ELSE name END, "
                        + "email = CASE WHEN ? THEN ? ELSE email END, "
                        + "phone = CASE WHEN ? THEN ? ELSE phone END, "
                        + "birth_date = CASE WHEN ? THEN ?::date ELSE birth_date END, "
                        + "street = CASE WHEN ? THEN ? ELSE street END, "
                        + "postal_code = CASE WHEN ? THEN ? ELSE postal_code END, "
                        + "city = CASE WHEN ? THEN ? ELSE city END, "
                        + "country = CASE WHEN ? THEN ? ELSE country END, "
                        + "updated_at = ?, last_global_sequence = ? WHERE customer_id = ?",
                contact.hasName(), contact.name(), contact.hasEmail(), contact.email(),
                contact.hasPhone(), contact.phone(), contact.hasBirthDate(), contact.birthDate(),
                contact.hasAddress(), address == null ? null : address.street(),
                contact.hasAddress(), address == null ? null : address.postalCode(),
                contact.hasAddress(), address == null ? null : address.city(),
                contact.hasAddress(), address == null ? null : address.country(),
                ts(at), sequence, customerId);
    }

    void touch(String customerId, Instant at, long sequence) {
        jdbc.update("UPDATE query.customer_view SET updated_at = ?, last_global_sequence = ? WHERE customer_id = ?",
                ts(at), sequence, customerId);
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

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }
}
