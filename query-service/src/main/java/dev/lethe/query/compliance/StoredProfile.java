package dev.lethe.query.compliance;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Every row the read models in schema {@code query} hold about a person, table by table, as the database has it.
 * Tables are found in the catalogue (every table with a {@code customer_id} column), so a read model added later
 * is part of the export without a change here.
 */
@Component
class StoredProfile {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = new ObjectMapper();

    StoredProfile(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Map<String, List<Object>> of(String customerId) {
        List<String> tables = jdbc.queryForList("SELECT table_name FROM information_schema.columns "
                + "WHERE table_schema = 'query' AND column_name = 'customer_id' ORDER BY table_name", String.class);
        Map<String, List<Object>> rows = new LinkedHashMap<>();
        for (String table : tables) {
            rows.put(table, jdbc.query("SELECT row_to_json(t)::text FROM query." + quoted(table)
                    + " t WHERE customer_id = ?", (rs, row) -> parse(rs.getString(1)), customerId));
        }
        return rows;
    }

    private Object parse(String row) {
        try {
            return json.readValue(row, Map.class);
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL returned a row that is not JSON");
        }
    }

    private static String quoted(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
