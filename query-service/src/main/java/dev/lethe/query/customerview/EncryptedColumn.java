package dev.lethe.query.customerview;

import java.util.Arrays;
import java.util.List;

/**
 * The read-model columns that hold personal data, each stored encrypted under the person's own data key
 * ({@link ViewCipher}). A value is bound to its customer, table, column and the columns that identify its row
 * ({@code rowKey}), so it cannot be moved to another person, row or column and still decrypt. Everything else in
 * schema {@code query} is ids, times, statuses, sources, purposes or keyed digests.
 */
public enum EncryptedColumn {
    /** Contact field values; a row per customer, field and verified-or-not. */
    FIELD_VALUE("customer_field", "value", "field", "verified"),
    /** The source system's reference of the person; a row per linking event. */
    SOURCE_CUSTOMER_ID("customer_source_record", "source_customer_id", "source", "global_sequence"),
    /** Free text from the producer; not personal by the contract, but nothing prevents a producer from making it so. */
    CONSENT_CHANNEL("customer_consent", "channel", "purpose"),
    CONSENT_TEXT_VERSION("customer_consent", "consent_text_version", "purpose");

    private final String table;
    private final String column;
    private final List<String> rowKey;

    EncryptedColumn(String table, String column, String... rowKey) {
        this.table = table;
        this.column = column;
        this.rowKey = List.of(rowKey);
    }

    public String table() {
        return table;
    }

    public String column() {
        return column;
    }

    /** The columns of the row whose values (as text) are part of the associated data, in this order. */
    public List<String> rowKey() {
        return rowKey;
    }

    public static List<EncryptedColumn> of(String table) {
        return Arrays.stream(values()).filter(column -> column.table.equals(table)).toList();
    }
}
