package dev.lethe.shredding;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an erasure reach this JVM's key cache wherever it happens. The vault's destroying statement sends a
 * PostgreSQL notification on {@link #CHANNEL} carrying the subject id (an opaque id, no personal data), which
 * PostgreSQL delivers to every listening session when, and only if, the erasing transaction commits. One daemon
 * thread per JVM listens and drops the subject's key from the cache, with the same guard as a local destroy
 * ({@link KeyVault#erasedElsewhere}), so every instance of every service stops decrypting within milliseconds,
 * not after the cache's TTL, and whichever Kafka partitions it consumes.
 *
 * <p>Notifications sent while no session listens are lost. So whenever the listening session starts, or is
 * lost, the whole cache is dropped, and on (re)connecting the subjects destroyed within the vault's destroy guard
 * are guarded too (a read that fetched a key just before its erasure committed cannot cache it afterwards).
 *
 * <p>Holds one connection of the given data source for as long as it runs; it leaves it with no LISTEN behind.
 */
public final class ErasureListener implements AutoCloseable {

    /** The notification channel of {@link JdbcKeyVault}'s destroying statement. */
    public static final String CHANNEL = "lethe_key_destroyed";
    static final String APPLICATION_NAME = "lethe-erasure-listener";
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(ErasureListener.class);
    private static final String RECENTLY_DESTROYED = """
            SELECT subject_id FROM key_vault.destroyed_key WHERE destroyed_at > now() - make_interval(secs => ?)""";

    private final DataSource dataSource;
    private final KeyVault vault;
    private final Duration pollInterval;
    private final Duration retryDelay;
    private final Thread thread;
    private final AtomicLong sessions = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean listening;

    public ErasureListener(DataSource dataSource, KeyVault vault) {
        this(dataSource, vault, DEFAULT_POLL_INTERVAL, DEFAULT_RETRY_DELAY);
    }

    /**
     * @param pollInterval how long one wait for notifications lasts; between waits the connection is checked, so
     *                     this bounds how long a silently broken connection goes unnoticed
     * @param retryDelay   pause before connecting again after a failure
     */
    public ErasureListener(DataSource dataSource, KeyVault vault, Duration pollInterval, Duration retryDelay) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.vault = Objects.requireNonNull(vault, "vault");
        this.pollInterval = requirePositive(pollInterval, "pollInterval");
        this.retryDelay = requirePositive(retryDelay, "retryDelay");
        this.thread = new Thread(this::run, APPLICATION_NAME);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** True while a session listens: erasures anywhere reach this JVM's cache. */
    public boolean isListening() {
        return listening;
    }

    /** How many listening sessions were started; more than one means it reconnected. */
    long sessions() {
        return sessions.get();
    }

    @Override
    public void close() {
        running = false;
        try {
            // the loop notices within one poll interval and leaves its connection clean
            thread.join(pollInterval.multipliedBy(3).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try {
                    listen(connection);
                } finally {
                    listening = false;
                    unlisten(connection);
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    // the SQL state says enough; driver messages are not needed (and never carry key material)
                    log.warn("Erasure listener lost its database session ({} {}); every cached data key dropped,"
                            + " reconnecting", e.getClass().getSimpleName(), sqlState(e));
                }
            } finally {
                vault.evictAll();
            }
            if (running) {
                LockSupport.parkNanos(retryDelay.toNanos());
            }
        }
    }

    private void listen(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET application_name = '" + APPLICATION_NAME + "'");
            statement.execute("LISTEN " + CHANNEL);
        }
        // from here on nothing is missed; before, anything may have been
        catchUp(connection);
        PGConnection notifications = connection.unwrap(PGConnection.class);
        listening = true;
        sessions.incrementAndGet();
        int timeout = Math.toIntExact(Math.max(1, pollInterval.toMillis()));
        while (running) {
            PGNotification[] received = notifications.getNotifications(timeout);
            if (received != null && received.length > 0) {
                for (PGNotification notification : received) {
                    if (CHANNEL.equals(notification.getName()) && !notification.getParameter().isBlank()) {
                        vault.erasedElsewhere(notification.getParameter());
                    }
                }
            } else if (!connection.isValid(Math.toIntExact(Math.max(1, pollInterval.toSeconds() * 5)))) {
                throw new SQLException("the listening session is no longer valid", "08006");
            }
        }
    }

    private void catchUp(Connection connection) throws SQLException {
        vault.evictAll();
        try (PreparedStatement statement = connection.prepareStatement(RECENTLY_DESTROYED)) {
            statement.setLong(1, TimeUnit.NANOSECONDS.toSeconds(JdbcKeyVault.DESTROY_GUARD.toNanos()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    vault.erasedElsewhere(rows.getString(1));
                }
            }
        }
    }

    /** A pooled connection goes back as it came: no other borrower collects notifications or wears the name. */
    private static void unlisten(Connection connection) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("UNLISTEN *");
            statement.execute("RESET application_name");
        } catch (SQLException e) {
            // a broken connection listens to nothing; the pool discards it
        }
    }

    private static String sqlState(Exception e) {
        return e instanceof SQLException sql && sql.getSQLState() != null ? "SQL state " + sql.getSQLState() : "";
    }

    private static Duration requirePositive(Duration duration, String name) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return duration;
    }

    @Override
    public String toString() {
        return "ErasureListener[" + CHANNEL + (listening ? ", listening" : ", not listening") + "]";
    }
}
