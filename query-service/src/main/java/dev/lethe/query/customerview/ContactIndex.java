package dev.lethe.query.customerview;

import dev.lethe.contract.customer.ContactFormats;
import dev.lethe.shredding.BlindIndex;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The blind index of the customers' emails and phones: exactly those their field rows hold. */
@Component
class ContactIndex {

    private final JdbcTemplate jdbc;
    private final BlindIndex blindIndex;

    ContactIndex(JdbcTemplate jdbc, BlindIndex blindIndex) {
        this.jdbc = jdbc;
        this.blindIndex = blindIndex;
    }

    /** Rebuilds the customers' email and phone entries from their field rows: three statements for any number. */
    void refresh(Collection<String> customerIds, ViewCipher.Keys keys) {
        if (customerIds.isEmpty()) {
            return;
        }
        String[] ids = customerIds.toArray(String[]::new);
        jdbc.update("DELETE FROM query.customer_blind_index WHERE customer_id = ANY (?) AND kind IN ('EMAIL', 'PHONE')",
                (Object) ids);
        List<Object[]> digests = jdbc.query("SELECT customer_id, field, verified, value FROM query.customer_field "
                + "WHERE customer_id = ANY (?) AND field IN ('EMAIL', 'PHONE') AND value IS NOT NULL", (rs, row) -> {
                    String customerId = rs.getString("customer_id");
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
                }, (Object) ids).stream().filter(Objects::nonNull).toList();
        add(digests);
    }

    /** Adds entries (customer id, kind, digest) with one statement; an entry already there stays. */
    void add(List<Object[]> entries) {
        if (!entries.isEmpty()) {
            jdbc.update("INSERT INTO query.customer_blind_index (customer_id, kind, digest) "
                    + "SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::bytea[]) ON CONFLICT DO NOTHING",
                    Columns.of(entries, String.class, String.class, byte[].class));
        }
    }

    /** The entry that finds the customer by a source system's reference. */
    Object[] sourceRecord(String customerId, String source, String sourceCustomerId) {
        return new Object[] {customerId, "SOURCE_RECORD", blindIndex.sourceRecord(source, sourceCustomerId)};
    }
}
