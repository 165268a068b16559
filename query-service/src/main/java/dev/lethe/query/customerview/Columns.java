package dev.lethe.query.customerview;

import java.lang.reflect.Array;
import java.sql.Timestamp;
import java.util.List;
import org.springframework.jdbc.core.SqlParameterValue;

/**
 * Rows of statement parameters turned into one array per column, for a single {@code INSERT … SELECT * FROM
 * unnest(?::varchar[], …)} instead of a statement per row. The driver sends {@code String[]}, {@code Long[]},
 * {@code Boolean[]} and {@code byte[][]} as arrays; a timestamp goes as its ISO text, for the statement to cast
 * ({@code ?::timestamptz[]}), so that no time zone of this JVM is involved.
 */
final class Columns {

    private Columns() {
    }

    /** @param types per column: {@code String}, {@code Long}, {@code Boolean}, {@code byte[]} or {@code Timestamp} */
    static Object[] of(List<Object[]> rows, Class<?>... types) {
        Object[] columns = new Object[types.length];
        for (int column = 0; column < types.length; column++) {
            Class<?> element = types[column] == Timestamp.class ? String.class : types[column];
            Object values = Array.newInstance(element, rows.size());
            for (int row = 0; row < rows.size(); row++) {
                Array.set(values, row, value(rows.get(row)[column]));
            }
            columns[column] = values;
        }
        return columns;
    }

    private static Object value(Object parameter) {
        Object value = parameter instanceof SqlParameterValue typed ? typed.getValue() : parameter;
        return value instanceof Timestamp timestamp ? timestamp.toInstant().toString() : value;
    }
}
