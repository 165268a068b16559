package dev.lethe.shredding.kek;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The KEK epochs in {@code key_vault.kek_epoch}: which KEK is current, which are retired and when each may be
 * destroyed, which are destroyed. Times are the database's, so that every instance agrees on them.
 */
public final class KekEpochs {

    /** Session lock held by the one instance that rotates or destroys; see docs/crypto-shredding.md. */
    public static final long ROTATION_LOCK = 7364001L;
    /** The fence the vault's trigger holds shared while writing a data key; a retirement takes it exclusively. */
    public static final long FENCE_LOCK = 7364002L;

    public record Epoch(String kekId, String backend, Instant createdAt, Instant retiredAt, Instant destroyAfter,
                        Instant destroyedAt) {
    }

    private final DataSource dataSource;

    public KekEpochs(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    public Optional<String> current() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT kek_id FROM key_vault.kek_epoch WHERE retired_at IS NULL");
             ResultSet row = statement.executeQuery()) {
            return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the current key-encryption key epoch", e);
        }
    }

    /**
     * The current epoch's KEK; when there is none yet (first start), opens one: with {@code preferred} if the backend
     * holds it (a configured or imported KEK that already wraps data keys), else with a new KEK of the backend.
     */
    public String openFirst(KekBackend backend, String preferred) {
        return inTransaction(connection -> {
            try (Statement lock = connection.createStatement()) {
                lock.execute("SELECT pg_advisory_xact_lock(" + ROTATION_LOCK + ")");
            }
            Optional<String> existing = currentIn(connection);
            if (existing.isPresent()) {
                return existing.get();
            }
            String kekId = preferred != null && !preferred.isBlank() && backend.contains(preferred)
                    ? preferred : backend.create();
            insertCurrent(connection, kekId, backend.name());
            return kekId;
        });
    }

    /**
     * Makes {@code newKekId} current and retires the current epoch with {@code destroy_after = retired_at + retain}.
     * Waits for every transaction writing a data key (the fence), so that none commits a key under the retired KEK
     * after this returns; later ones are refused by the trigger.
     *
     * @return the id of the epoch retired, if there was one
     */
    public Optional<String> rotate(String newKekId, String backend, Duration retain) {
        return inTransaction(connection -> {
            try (Statement fence = connection.createStatement()) {
                fence.execute("SELECT pg_advisory_xact_lock(" + FENCE_LOCK + ")");
            }
            Optional<String> retired = currentIn(connection).filter(id -> !id.equals(newKekId));
            try (PreparedStatement retire = connection.prepareStatement("""
                    UPDATE key_vault.kek_epoch SET retired_at = now(),
                           destroy_after = now() + make_interval(secs => ?)
                    WHERE retired_at IS NULL AND kek_id <> ?""")) {
                retire.setDouble(1, retain.toMillis() / 1000.0);
                retire.setString(2, newKekId);
                retire.executeUpdate();
            }
            // back to a KEK that was retired but not destroyed (an operator's rotation to a configured KEK) reopens it
            try (PreparedStatement reopen = connection.prepareStatement("""
                    UPDATE key_vault.kek_epoch SET retired_at = NULL, destroy_after = NULL
                    WHERE kek_id = ? AND destroyed_at IS NULL""")) {
                reopen.setString(1, newKekId);
                if (reopen.executeUpdate() == 0) {
                    insertCurrent(connection, newKekId, backend);
                }
            }
            return retired;
        });
    }

    /** Retired epochs whose KEK still exists and whose retention ended, oldest first. */
    public List<Epoch> dueForDestruction() {
        return query("""
                SELECT kek_id, backend, created_at, retired_at, destroy_after, destroyed_at FROM key_vault.kek_epoch
                WHERE retired_at IS NOT NULL AND destroyed_at IS NULL AND destroy_after <= now()
                ORDER BY retired_at""");
    }

    public List<Epoch> all() {
        return query("""
                SELECT kek_id, backend, created_at, retired_at, destroy_after, destroyed_at FROM key_vault.kek_epoch
                ORDER BY created_at""");
    }

    /** Records that the backend destroyed the KEK; answers the time recorded. */
    public Instant markDestroyed(String kekId) {
        return inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    UPDATE key_vault.kek_epoch SET destroyed_at = coalesce(destroyed_at, now()) WHERE kek_id = ?
                    RETURNING destroyed_at""")) {
                statement.setString(1, kekId);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    return row.getTimestamp(1).toInstant();
                }
            }
        });
    }

    /** The ids of the KEKs whose epoch ended in destruction; such a KEK must never be imported again. */
    public java.util.Set<String> destroyedIds() {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        for (Epoch epoch : all()) {
            if (epoch.destroyedAt() != null) {
                ids.add(epoch.kekId());
            }
        }
        return ids;
    }

    /** How many stored data keys the KEK still wraps. */
    public long keysWrappedBy(String kekId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM key_vault.data_key WHERE kek_id = ?")) {
            statement.setString(1, kekId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not count the data keys of key-encryption key '" + kekId + "'", e);
        }
    }

    /**
     * Holds the rotation lock (a session lock on a connection of its own) while {@code work} runs, so that two
     * instances never rotate or destroy at once; waits up to {@code wait} for another instance to finish first.
     *
     * @throws RotationBusyException when the lock was not free within {@code wait}
     */
    public <T> T exclusively(Duration wait, java.util.function.Supplier<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            lock(connection, wait);
            try {
                return work.get();
            } finally {
                try (Statement unlock = connection.createStatement()) {
                    unlock.execute("SELECT pg_advisory_unlock(" + ROTATION_LOCK + ")");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not take the key-encryption key rotation lock", e);
        }
    }

    /** Another instance is rotating or destroying KEKs and did not finish in time. */
    public static final class RotationBusyException extends RuntimeException {
        RotationBusyException() {
            super("another instance is rotating key-encryption keys", null, false, false);
        }
    }

    // Blocks in PostgreSQL (no polling) until the lock is free, at most `wait` (and at most the session's
    // statement_timeout): lock_timeout ends the wait with SQLSTATE 55P03, statement_timeout with 57014.
    private static void lock(Connection connection, Duration wait) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET lock_timeout = " + Math.max(1, wait.toMillis()));
            try {
                statement.execute("SELECT pg_advisory_lock(" + ROTATION_LOCK + ")");
            } catch (SQLException e) {
                if ("55P03".equals(e.getSQLState()) || "57014".equals(e.getSQLState())) {
                    throw new RotationBusyException();
                }
                throw e;
            } finally {
                statement.execute("RESET lock_timeout");
            }
        }
    }

    private static Optional<String> currentIn(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT kek_id FROM key_vault.kek_epoch WHERE retired_at IS NULL FOR UPDATE");
             ResultSet row = statement.executeQuery()) {
            return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
        }
    }

    private static void insertCurrent(Connection connection, String kekId, String backend) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO key_vault.kek_epoch (kek_id, backend, created_at) VALUES (?, ?, now())""")) {
            insert.setString(1, kekId);
            insert.setString(2, backend);
            insert.executeUpdate();
        }
    }

    private List<Epoch> query(String sql) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            List<Epoch> epochs = new ArrayList<>();
            while (rows.next()) {
                epochs.add(new Epoch(rows.getString(1), rows.getString(2), instant(rows.getTimestamp(3)),
                        instant(rows.getTimestamp(4)), instant(rows.getTimestamp(5)), instant(rows.getTimestamp(6))));
            }
            return epochs;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the key-encryption key epochs", e);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not update the key-encryption key epochs", e);
        }
    }
}
