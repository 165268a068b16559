package dev.lethe.local;

import dev.lethe.localstack.Databases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded database's login role for the query service: neither owner nor superuser, so the audit trail's
 * append-only grants (SELECT and INSERT) hold for the running service, as in production. Flyway migrates as the
 * owner and grants the role its read models; the key vault, migrated by the command service, is granted here
 * for reading because the query service decrypts with it.
 */
final class QueryServiceRole {

    static final String NAME = "lethe_query";
    /** The demo profile's public password; the embedded database accepts local connections only. */
    static final String PASSWORD = "lethe_query";

    private QueryServiceRole() {
    }

    static void prepare(String jdbcUrl, String ownerUser, String ownerPassword) {
        Databases.ensureLoginRole(jdbcUrl, ownerUser, ownerPassword, NAME, PASSWORD);
        try (Connection connection = DriverManager.getConnection(jdbcUrl, ownerUser, ownerPassword);
             Statement statement = connection.createStatement()) {
            // the schema may not exist yet on a fresh database: the command service migrates it while this one starts
            statement.execute("CREATE SCHEMA IF NOT EXISTS key_vault");
            statement.execute("GRANT USAGE ON SCHEMA key_vault TO " + NAME);
            statement.execute("GRANT SELECT ON ALL TABLES IN SCHEMA key_vault TO " + NAME);
            statement.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA key_vault GRANT SELECT ON TABLES TO " + NAME);
            // the erasure receipt reads the command topic's purge log, and nothing else of the event store; on a
            // fresh database the table appears with the command service's migration, granted at the next start
            // (until then the receipt says that step is not confirmed)
            statement.execute("CREATE SCHEMA IF NOT EXISTS event_store");
            statement.execute("GRANT USAGE ON SCHEMA event_store TO " + NAME);
            statement.execute("DO $$ BEGIN IF to_regclass('event_store.command_topic_purge') IS NOT NULL THEN "
                    + "EXECUTE 'GRANT SELECT ON event_store.command_topic_purge TO " + NAME + "'; END IF; END $$");
        } catch (SQLException e) {
            throw new IllegalStateException("could not grant the query service's role read access to the key vault", e);
        }
    }
}
