package dev.lethe.query.compliance;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.query.customerview.EncryptedColumn;
import dev.lethe.query.customerview.ViewCipher;
import java.io.IOException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Every row the read models in schema {@code query} hold about a person, table by table, as the database has it,
 * with the personal columns the database holds encrypted ({@link EncryptedColumn}) decrypted for the person.
 * Tables are found in the catalogue (every table with a {@code customer_id} column), so a read model added later
 * is part of the export without a change here.
 */
@Component
class StoredProfile {

    private final JdbcTemplate jdbc;
    private final ViewCipher cipher;
    private final ObjectMapper json = new ObjectMapper();

    StoredProfile(JdbcTemplate jdbc, ViewCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    Map<String, List<Object>> of(String customerId) {
        List<String> tables = jdbc.queryForList("SELECT table_name FROM information_schema.columns "
                + "WHERE table_schema = 'query' AND column_name = 'customer_id' ORDER BY table_name", String.class);
        ViewCipher.Keys keys = cipher.keysFor(customerId);
        Map<String, List<Object>> rows = new LinkedHashMap<>();
        for (String table : tables) {
            List<EncryptedColumn> encrypted = EncryptedColumn.of(table);
            rows.put(table, jdbc.query("SELECT row_to_json(t)::text FROM query." + quoted(table)
                    + " t WHERE customer_id = ?", (rs, row) -> decrypted(parse(rs.getString(1)), encrypted, keys,
                    customerId), customerId));
        }
        return rows;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parse(String row) {
        try {
            return json.readValue(row, Map.class);
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL returned a row that is not JSON");
        }
    }

    /** row_to_json writes bytea as {@code \x} followed by hex digits. */
    private static Map<String, Object> decrypted(Map<String, Object> row, List<EncryptedColumn> encrypted,
                                                 ViewCipher.Keys keys, String customerId) {
        for (EncryptedColumn column : encrypted) {
            Object stored = row.get(column.column());
            byte[] bytes = stored instanceof String hex && hex.startsWith("\\x")
                    ? HexFormat.of().parseHex(hex.substring(2)) : null;
            row.put(column.column(), keys.open(customerId, column, bytes,
                    column.rowKey().stream().map(key -> String.valueOf(row.get(key))).toArray(String[]::new)));
        }
        return row;
    }

    private static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
