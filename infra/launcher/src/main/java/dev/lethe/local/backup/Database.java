package dev.lethe.local.backup;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A PostgreSQL database named by a JDBC URL, as JDBC and the {@code pg_dump} family reach it. */
public record Database(String jdbcUrl, String user, String password) {

    public Database {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw BackupException.refused("BAD_JDBC_URL", "a jdbc:postgresql://host:port/database URL is needed");
        }
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    String name() {
        String path = uri().getPath();
        return path == null || path.length() < 2 ? "postgres" : path.substring(1);
    }

    /** {@code --host --port --username --dbname} for pg_dump / pg_restore; the password goes in PGPASSWORD. */
    List<String> connectionArguments() {
        URI uri = uri();
        List<String> arguments = new ArrayList<>(List.of("--host", uri.getHost() == null ? "localhost" : uri.getHost(),
                "--port", String.valueOf(uri.getPort() < 0 ? 5432 : uri.getPort())));
        if (user != null) {
            arguments.addAll(List.of("--username", user));
        }
        arguments.addAll(List.of("--no-password", "--dbname", name()));
        return arguments;
    }

    private URI uri() {
        return URI.create(jdbcUrl.substring("jdbc:".length()));
    }

    @Override
    public String toString() {
        // never the password
        return "Database[" + jdbcUrl + ", user " + user + "]";
    }
}
