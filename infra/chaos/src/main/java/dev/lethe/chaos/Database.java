package dev.lethe.chaos;

import dev.lethe.chaos.Observations.AuditEntry;
import dev.lethe.chaos.Observations.StoredEvent;
import dev.lethe.chaos.Observations.ViewRow;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the event store, the audit trail and the customer view straight from PostgreSQL, as the superuser the run
 * command creates. Only columns the services' Flyway migrations promise are read. Short timeouts: the database may
 * be the thing that was just killed.
 */
final class Database {

    private static final String EVENTS = """
            SELECT globalindex, aggregateidentifier, sequencenumber, eventidentifier, payloadtype,
                   convert_from(metadata, 'UTF8')::jsonb ->> 'commandId' AS command_id,
                   CASE WHEN payloadtype LIKE '%.ConsentGranted' OR payloadtype LIKE '%.ConsentWithdrawn'
                        THEN convert_from(payload, 'UTF8')::jsonb ->> 'purpose' END AS purpose
              FROM event_store.domain_event_entry
             ORDER BY globalindex""";

    private final String jdbcUrl;

    Database(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    List<StoredEvent> storedEvents() throws SQLException {
        List<StoredEvent> events = new ArrayList<>();
        try (Connection connection = connect(); PreparedStatement query = connection.prepareStatement(EVENTS);
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                String type = rows.getString("payloadtype");
                events.add(new StoredEvent(rows.getLong("globalindex"), rows.getString("aggregateidentifier"),
                        rows.getLong("sequencenumber"), rows.getString("eventidentifier"),
                        type.substring(type.lastIndexOf('.') + 1), rows.getString("command_id"), rows.getString("purpose")));
            }
        }
        return events;
    }

    List<AuditEntry> auditEntries() throws SQLException {
        List<AuditEntry> entries = new ArrayList<>();
        try (Connection connection = connect();
             PreparedStatement query = connection.prepareStatement("SELECT event_id, global_position FROM audit.entry");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                entries.add(new AuditEntry(rows.getString(1), rows.getLong(2)));
            }
        }
        return entries;
    }

    /** The view's own rows per customer: status, restricted, consents (tombstones and field rows separately). */
    View view() throws SQLException {
        Map<String, String> status = new HashMap<>();
        Map<String, Boolean> restricted = new HashMap<>();
        Map<String, Map<String, Boolean>> consents = new HashMap<>();
        Set<String> tombstones = new HashSet<>();
        Set<String> withRows = new HashSet<>();
        try (Connection connection = connect()) {
            // one snapshot across the tables: the projection may be writing meanwhile
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            query(connection, "SELECT customer_id, status, restricted FROM query.customer_view", rows -> {
                status.put(rows.getString(1), rows.getString(2));
                restricted.put(rows.getString(1), rows.getBoolean(3));
            });
            query(connection, "SELECT customer_id, purpose, granted FROM query.customer_consent", rows ->
                    consents.computeIfAbsent(rows.getString(1), id -> new TreeMap<>())
                            .put(rows.getString(2), rows.getBoolean(3)));
            query(connection, "SELECT customer_id FROM query.customer_tombstone", rows -> tombstones.add(rows.getString(1)));
            query(connection, """
                    SELECT customer_id FROM query.customer_field UNION SELECT customer_id FROM query.customer_consent
                    UNION SELECT customer_id FROM query.customer_source_record
                    UNION SELECT customer_id FROM query.customer_blind_index""", rows -> withRows.add(rows.getString(1)));
            connection.commit();
        }
        Map<String, ViewRow> view = new HashMap<>();
        status.forEach((customer, value) -> view.put(customer,
                new ViewRow(value, restricted.get(customer), consents.getOrDefault(customer, Map.of()))));
        return new View(view, tombstones, withRows);
    }

    record View(Map<String, ViewRow> rows, Set<String> tombstones, Set<String> customersWithRows) {
    }

    private interface RowHandler {
        void row(ResultSet rows) throws SQLException;
    }

    private static void query(Connection connection, String sql, RowHandler handler) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql); ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                handler.row(rows);
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("password", "postgres");
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("loginTimeout", "5");
        properties.setProperty("socketTimeout", "60");
        return DriverManager.getConnection(jdbcUrl, properties);
    }
}
