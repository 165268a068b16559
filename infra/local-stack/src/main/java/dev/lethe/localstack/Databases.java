package dev.lethe.localstack;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/** Database creation on any PostgreSQL server, given a JDBC URL of a database on it and a role that may create. */
public final class Databases {

    private static final Pattern SAFE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private Databases() {
    }

    public static void ensureExists(String adminJdbcUrl, String username, String password, String database) {
        if (!SAFE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("not a plain lower-case database name: " + database);
        }
        try (Connection connection = DriverManager.getConnection(adminJdbcUrl, username, password)) {
            if (!exists(connection, database)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE DATABASE \"" + database + "\"");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + database + " via " + adminJdbcUrl, e);
        }
    }

    /**
     * Creates a login role that is neither superuser nor owner of anything, unless it exists, so a service can run
     * with only the privileges its migrations grant it (the query service's audit tables: SELECT and INSERT only).
     */
    public static void ensureLoginRole(String adminJdbcUrl, String username, String password, String role,
                                       String rolePassword) {
        if (!SAFE_NAME.matcher(role).matches()) {
            throw new IllegalArgumentException("not a plain lower-case role name: " + role);
        }
        try (Connection connection = DriverManager.getConnection(adminJdbcUrl, username, password);
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            exists.setString(1, role);
            try (ResultSet result = exists.executeQuery()) {
                if (result.next()) {
                    return;
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE ROLE \"" + role + "\" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '"
                        + rolePassword.replace("'", "''") + "'");
            }
        } catch (SQLException e) {
            if ("42710".equals(e.getSQLState())) {
                return; // created concurrently by another test JVM
            }
            throw new IllegalStateException("could not create role " + role + " via " + adminJdbcUrl, e);
        }
    }

    /** The same server and parameters, another database: {@code jdbc:postgresql://h:p/old?x=y} to {@code …/new?x=y}. */
    public static String withDatabase(String jdbcUrl, String database) {
        String prefix = "jdbc:";
        if (!jdbcUrl.startsWith(prefix)) {
            throw new IllegalArgumentException("not a JDBC URL: " + jdbcUrl);
        }
        URI uri = URI.create(jdbcUrl.substring(prefix.length()));
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return prefix + uri.getScheme() + "://" + uri.getRawAuthority() + "/" + database + query;
    }

    private static boolean exists(Connection connection, String database) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, database);
            try (ResultSet result = query.executeQuery()) {
                return result.next();
            }
        }
    }
}
