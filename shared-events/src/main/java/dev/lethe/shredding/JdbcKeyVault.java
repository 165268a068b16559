package dev.lethe.shredding;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.lethe.shredding.kek.UnknownKekException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * {@link KeyVault} on PostgreSQL tables in schema {@code key_vault} (migration
 * {@code db/lethe-key-vault/V1_1__key_vault.sql}, {@code V1_2__kek_epochs.sql}). Data keys are stored wrapped by a
 * key-encryption key; the database never sees a key in the clear. When another instance rotated the KEK epoch, the
 * vault's trigger refuses a key wrapped with the retired KEK; this vault then switches to the current epoch's KEK
 * (and retries, unless it runs in the caller's transaction, which is then rolled back and retried by its caller).
 */
public final class JdbcKeyVault implements KeyVault {

    public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);
    public static final int DEFAULT_CACHE_SIZE = 10_000;
    // Longer than any event-appending transaction may stay open (they are bounded by Axon's gap timeout).
    static final Duration DESTROY_GUARD = Duration.ofMinutes(15);
    private static final int REWRAP_BATCH = 500;

    private static final String SELECT = """
            SELECT key_id, kek_id, wrapped_key FROM key_vault.data_key WHERE subject_id = ?""";
    // One round trip for the usual cases: the existing key, or the new one inserted. Never re-issue a key for an
    // erased subject, even if a late command races the erasure. No row back means a concurrent first use inserted
    // after this statement's snapshot (ON CONFLICT waited for it) or the subject is erased: read again to tell.
    private static final String SELECT_OR_INSERT = """
            WITH existing AS (
                SELECT key_id, kek_id, wrapped_key FROM key_vault.data_key WHERE subject_id = ?),
            inserted AS (
                INSERT INTO key_vault.data_key (subject_id, key_id, kek_id, wrapped_key)
                SELECT ?, ?, ?, ?
                WHERE NOT EXISTS (SELECT 1 FROM existing)
                  AND NOT EXISTS (SELECT 1 FROM key_vault.destroyed_key WHERE subject_id = ?)
                ON CONFLICT (subject_id) DO NOTHING
                RETURNING key_id, kek_id, wrapped_key)
            SELECT key_id, kek_id, wrapped_key FROM existing
            UNION ALL
            SELECT key_id, kek_id, wrapped_key FROM inserted""";
    // The batch forms: one statement reads the keys of a whole poll or batch of subjects; one inserts the missing
    // ones (in the order of the arrays, the same sorted order for every caller, so two batches that overlap queue
    // behind each other instead of deadlocking), never for an erased subject; whatever it did not insert was inserted
    // concurrently (ON CONFLICT waited for it) or is erased: the first statement, run again for those, tells.
    private static final String SELECT_ALL = """
            SELECT subject_id, key_id, kek_id, wrapped_key FROM key_vault.data_key WHERE subject_id = ANY(?)""";
    private static final String INSERT_ALL = """
            INSERT INTO key_vault.data_key (subject_id, key_id, kek_id, wrapped_key)
            SELECT candidate.subject_id, candidate.key_id, ?, candidate.wrapped_key
            FROM unnest(?::varchar[], ?::uuid[], ?::bytea[]) WITH ORDINALITY
                 AS candidate(subject_id, key_id, wrapped_key, position)
            WHERE NOT EXISTS (SELECT 1 FROM key_vault.destroyed_key WHERE subject_id = candidate.subject_id)
            ORDER BY candidate.position
            ON CONFLICT (subject_id) DO NOTHING
            RETURNING subject_id""";
    // One statement: the key and its erasure record go (or stay) together, and every JVM listening hears of it
    // when (only if) the transaction commits (ErasureListener.CHANNEL; the payload is the opaque subject id).
    private static final String DESTROY = """
            WITH gone AS (DELETE FROM key_vault.data_key WHERE subject_id = ? RETURNING key_id, kek_id)
            INSERT INTO key_vault.destroyed_key (subject_id, key_id, kek_id, destroyed_at)
            SELECT ?, (SELECT key_id FROM gone), (SELECT kek_id FROM gone), now()
            FROM (SELECT pg_notify('lethe_key_destroyed', ?)) AS notified
            ON CONFLICT (subject_id) DO NOTHING""";
    // The epoch the key vault's trigger lets new keys be wrapped with (migration V1_2__kek_epochs.sql).
    private static final String CURRENT_EPOCH = """
            SELECT kek_id FROM key_vault.kek_epoch WHERE retired_at IS NULL""";
    /** SQLSTATE the trigger raises for a data key wrapped with a retired KEK (another instance rotated). */
    static final String RETIRED_KEK = "LK001";
    private static final int FOLLOW_ATTEMPTS = 5;
    // NO KEY UPDATE does not block readers, and waits for (then skips) rows a destroy is deleting.
    private static final String SELECT_FOR_REWRAP = """
            SELECT subject_id, key_id, kek_id, wrapped_key FROM key_vault.data_key
            WHERE kek_id <> ? AND subject_id > ? ORDER BY subject_id LIMIT ? FOR NO KEY UPDATE""";
    private static final String UPDATE_WRAPPING = """
            UPDATE key_vault.data_key SET kek_id = ?, wrapped_key = ?, rewrapped_at = now()
            WHERE subject_id = ?""";
    private static final String COUNT_BY_KEK = """
            SELECT kek_id, count(*) FROM key_vault.data_key GROUP BY kek_id ORDER BY kek_id""";

    private final DataSource dataSource;
    // swapped (never mutated) by a rotation, which makes the new KEK current for keys created from then on
    private volatile KeyEncryptionKeys keks;
    private final KeyCache cache;
    private final TransactionBinding transactions;

    public JdbcKeyVault(DataSource dataSource, KeyEncryptionKeys keks, Duration cacheTtl) {
        this(dataSource, keks, cacheTtl, DEFAULT_CACHE_SIZE, TransactionBinding.NONE);
    }

    public JdbcKeyVault(DataSource dataSource, KeyEncryptionKeys keks, Duration cacheTtl, int cacheSize) {
        this(dataSource, keks, cacheTtl, cacheSize, TransactionBinding.NONE);
    }

    /** @param transactions how to join the caller's transaction when a key has to be created */
    public JdbcKeyVault(DataSource dataSource, KeyEncryptionKeys keks, Duration cacheTtl, int cacheSize,
                        TransactionBinding transactions) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.keks = Objects.requireNonNull(keks, "keks");
        this.cache = new KeyCache(cacheTtl, DESTROY_GUARD, cacheSize, Ticker.systemTicker());
        this.transactions = Objects.requireNonNull(transactions, "transactions");
    }

    @Override
    public DataKey dataKeyFor(String subjectId) {
        requireSubject(subjectId);
        DataKey cached = cache.get(subjectId);
        if (cached != null) {
            return cached;
        }
        return createWhereMissing(connection -> readOrCreate(connection, subjectId), cache::put,
                () -> "could not read or create the data key of subject " + subjectId);
    }

    /**
     * One statement reads the keys not cached, one more creates the missing ones, whatever the number of subjects
     * (plus one to read keys another caller created meanwhile, rarely). In the caller's transaction when there is
     * one, as {@link #dataKeyFor}; keys are cached only after it commits.
     */
    @Override
    public Map<String, DataKey> dataKeysFor(Collection<String> subjectIds) {
        Map<String, DataKey> keys = new LinkedHashMap<>();
        List<String> missing = cached(subjectIds, keys);
        if (missing.isEmpty()) {
            return keys;
        }
        Map<String, DataKey> found = createWhereMissing(connection -> readOrCreateAll(connection, missing),
                created -> created.values().forEach(cache::put),
                () -> "could not read or create the data keys of " + missing.size() + " subjects");
        return inOrder(subjectIds, keys, found);
    }

    /** One statement for every key not cached; in the caller's transaction when there is one. Never creates one. */
    @Override
    public Map<String, DataKey> existingDataKeys(Collection<String> subjectIds) {
        Map<String, DataKey> keys = new LinkedHashMap<>();
        List<String> missing = cached(subjectIds, keys);
        if (missing.isEmpty()) {
            return keys;
        }
        try {
            Optional<Map<String, DataKey>> inTransaction = transactions.inCurrentTransaction(
                    connection -> selectAll(connection, missing));
            Map<String, DataKey> found;
            if (inTransaction.isPresent()) {
                found = inTransaction.get();
                transactions.afterCommit(() -> found.values().forEach(cache::put));
            } else {
                try (Connection connection = ownConnection()) {
                    found = selectAll(connection, missing);
                }
                found.values().forEach(cache::put);
            }
            return inOrder(subjectIds, keys, found);
        } catch (SQLException e) {
            throw new KeyVaultException("could not read the data keys of " + missing.size() + " subjects", e);
        }
    }

    /** Puts the cached keys into {@code keys}; returns the other subjects, each once, sorted. */
    private List<String> cached(Collection<String> subjectIds, Map<String, DataKey> keys) {
        Set<String> missing = new TreeSet<>();
        for (String subjectId : subjectIds) {
            requireSubject(subjectId);
            DataKey cached = cache.get(subjectId);
            if (cached != null) {
                keys.put(subjectId, cached);
            } else {
                missing.add(subjectId);
            }
        }
        return List.copyOf(missing);
    }

    /** The keys in the order the caller named the subjects; subjects without a key absent. */
    private static Map<String, DataKey> inOrder(Collection<String> subjectIds, Map<String, DataKey> cached,
                                                Map<String, DataKey> found) {
        Map<String, DataKey> keys = new LinkedHashMap<>();
        for (String subjectId : subjectIds) {
            DataKey key = cached.containsKey(subjectId) ? cached.get(subjectId) : found.get(subjectId);
            if (key != null) {
                keys.put(subjectId, key);
            }
        }
        return keys;
    }

    /**
     * Runs {@code work}, which may create keys, in the caller's transaction (remembering its keys once that commits)
     * or else on a connection of its own, following another instance's KEK rotation there.
     */
    private <T> T createWhereMissing(TransactionBinding.SqlWork<T> work, Consumer<T> remember,
                                     Supplier<String> failure) {
        try {
            Optional<T> inTransaction = transactions.inCurrentTransaction(work);
            if (inTransaction.isPresent()) {
                // cached only once the key's row is committed: a rolled-back key must never encrypt anything
                T created = inTransaction.get();
                transactions.afterCommit(() -> remember.accept(created));
                return created;
            }
            try (Connection connection = ownConnection()) {
                for (int attempt = 1; ; attempt++) {
                    try {
                        T created = work.apply(connection);
                        remember.accept(created);
                        return created;
                    } catch (SQLException | UnknownKekException e) {
                        // another instance rotated: the KEK this one wraps with is retired (or already destroyed);
                        // bounded, as each retry follows an epoch that another rotation may have ended meanwhile
                        boolean retired = !(e instanceof SQLException sql) || RETIRED_KEK.equals(sql.getSQLState());
                        if (!retired || attempt == FOLLOW_ATTEMPTS) {
                            throw e;
                        }
                        followCurrentEpoch(connection);
                    }
                }
            }
        } catch (UnknownKekException e) {
            followCurrentEpochQuietly();
            throw e;
        } catch (SQLException e) {
            if (RETIRED_KEK.equals(e.getSQLState())) {
                followCurrentEpochQuietly();
            }
            throw new KeyVaultException(failure.get(), e);
        }
    }

    private Map<String, DataKey> readOrCreateAll(Connection connection, List<String> subjectIds)
            throws SQLException {
        Map<String, DataKey> keys = selectAll(connection, subjectIds);
        List<String> missing = subjectIds.stream().filter(subject -> !keys.containsKey(subject)).toList();
        if (missing.isEmpty()) {
            return keys;
        }
        keys.putAll(insertAll(connection, missing));
        List<String> raced = missing.stream().filter(subject -> !keys.containsKey(subject)).toList();
        if (!raced.isEmpty()) {
            // whoever inserted first wins and everyone reads the winner's key; still absent means erased
            keys.putAll(selectAll(connection, raced));
        }
        return keys;
    }

    private Map<String, DataKey> selectAll(Connection connection, List<String> subjectIds) throws SQLException {
        Map<String, DataKey> keys = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(SELECT_ALL)) {
            statement.setArray(1, connection.createArrayOf("varchar", subjectIds.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String subjectId = rows.getString(1);
                    String keyId = rows.getString(2);
                    byte[] dataKey = keks.unwrap(rows.getString(3), subjectId, keyId, rows.getBytes(4));
                    try {
                        keys.put(subjectId, new DataKey(subjectId, keyId, dataKey));
                    } finally {
                        Arrays.fill(dataKey, (byte) 0);
                    }
                }
            }
        }
        return keys;
    }

    /** Candidate keys for {@code subjectIds}, sorted; returns those the statement inserted. */
    private Map<String, DataKey> insertAll(Connection connection, List<String> subjectIds) throws SQLException {
        String kekId = keks.currentId();
        int count = subjectIds.size();
        UUID[] keyIds = new UUID[count];
        byte[][] wrapped = new byte[count][];
        Map<String, DataKey> candidates = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String subjectId = subjectIds.get(i);
            keyIds[i] = UUID.randomUUID();
            byte[] candidate = AesGcm.newKey();
            try {
                wrapped[i] = keks.wrap(kekId, subjectId, keyIds[i].toString(), candidate);
                candidates.put(subjectId, new DataKey(subjectId, keyIds[i].toString(), candidate));
            } finally {
                Arrays.fill(candidate, (byte) 0);
            }
        }
        Map<String, DataKey> inserted = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(INSERT_ALL)) {
            statement.setString(1, kekId);
            statement.setArray(2, connection.createArrayOf("varchar", subjectIds.toArray()));
            statement.setArray(3, connection.createArrayOf("uuid", keyIds));
            statement.setArray(4, connection.createArrayOf("bytea", wrapped));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String subjectId = rows.getString(1);
                    inserted.put(subjectId, candidates.get(subjectId));
                }
            }
        }
        return inserted;
    }

    private DataKey readOrCreate(Connection connection, String subjectId) throws SQLException {
        Optional<DataKey> key = selectOrInsert(connection, subjectId);
        if (key.isEmpty()) {
            // Whoever inserted first wins; everyone reads the winner's key.
            key = select(connection, subjectId);
        }
        return key.orElseThrow(() -> new SubjectErasedException(subjectId));
    }

    @Override
    public Optional<DataKey> existingDataKey(String subjectId) {
        requireSubject(subjectId);
        DataKey cached = cache.get(subjectId);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (Connection connection = ownConnection()) {
            Optional<DataKey> key = select(connection, subjectId);
            key.ifPresent(cache::put);
            return key;
        } catch (SQLException e) {
            throw new KeyVaultException("could not read the data key of subject " + subjectId, e);
        }
    }

    @Override
    public void destroy(String subjectId, Connection transaction) {
        requireSubject(subjectId);
        try (PreparedStatement statement = transaction.prepareStatement(DESTROY)) {
            statement.setString(1, subjectId);
            statement.setString(2, subjectId);
            statement.setString(3, subjectId);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new KeyVaultException("could not destroy the data key of subject " + subjectId, e);
        } finally {
            cache.destroyed(subjectId);
        }
    }

    @Override
    public void evict(String subjectId) {
        cache.evict(subjectId);
    }

    @Override
    public void evictAll() {
        cache.clear();
    }

    @Override
    public void erasedElsewhere(String subjectId) {
        requireSubject(subjectId);
        // the same guard as a local destroy: a reader that fetched the key just before the erasure
        // committed cannot put it back into the cache afterwards
        cache.destroyed(subjectId);
    }

    @Override
    public int rewrap(String newKekId) {
        KeyEncryptionKeys configured = keks;
        if (!configured.contains(newKekId)) {
            throw new KeyVaultException("key-encryption key '" + newKekId + "' is not configured");
        }
        // current first: a key created while the batches run is wrapped under the new KEK already
        keks = configured.withCurrent(newKekId);
        // Keyset pages along the primary key: each batch starts after the last subject of the previous one, so
        // 100,000 keys cost one pass, not a rescan of every key already done per batch. A last pass from the start
        // picks up keys written under the old KEK behind the cursor meanwhile (normally none).
        int total = 0;
        String after = "";
        boolean fromStart = true;
        while (true) {
            Batch batch = rewrapBatch(newKekId, after);
            total += batch.count();
            if (batch.count() == REWRAP_BATCH) {
                after = batch.last();
                fromStart = false;
            } else if (fromStart) {
                return total;
            } else {
                after = "";
                fromStart = true;
            }
        }
    }

    private record Batch(int count, String last) {
    }

    private Batch rewrapBatch(String newKekId, String after) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                Batch batch = rewrapBatch(connection, newKekId, after);
                connection.commit();
                return batch;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new KeyVaultException("could not re-wrap data keys under '" + newKekId + "'", e);
        }
    }

    private record StoredKey(String subjectId, String keyId, String kekId, byte[] wrapped) {
    }

    private Batch rewrapBatch(Connection connection, String newKekId, String after) throws SQLException {
        List<StoredKey> batch = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(SELECT_FOR_REWRAP)) {
            select.setString(1, newKekId);
            select.setString(2, after);
            select.setInt(3, REWRAP_BATCH);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    batch.add(new StoredKey(rows.getString(1), rows.getString(2), rows.getString(3),
                            rows.getBytes(4)));
                }
            }
        }
        try (PreparedStatement update = connection.prepareStatement(UPDATE_WRAPPING)) {
            for (StoredKey stored : batch) {
                byte[] dataKey = keks.unwrap(stored.kekId, stored.subjectId, stored.keyId, stored.wrapped);
                try {
                    update.setString(1, newKekId);
                    update.setBytes(2, keks.wrap(newKekId, stored.subjectId, stored.keyId, dataKey));
                    update.setString(3, stored.subjectId);
                    update.addBatch();
                } finally {
                    Arrays.fill(dataKey, (byte) 0);
                }
            }
            update.executeBatch();
        }
        return new Batch(batch.size(), batch.isEmpty() ? after : batch.get(batch.size() - 1).subjectId());
    }

    @Override
    public void useCurrentKek(String kekId) {
        KeyEncryptionKeys configured = keks;
        if (!kekId.equals(configured.currentId())) {
            keks = configured.withCurrent(kekId);
        }
    }

    private void followCurrentEpoch(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(CURRENT_EPOCH);
             ResultSet row = statement.executeQuery()) {
            if (row.next()) {
                useCurrentKek(row.getString(1));
            }
        }
    }

    private void followCurrentEpochQuietly() {
        try (Connection connection = ownConnection()) {
            followCurrentEpoch(connection);
        } catch (SQLException | RuntimeException e) {
            // the caller's retry meets the trigger again and tries again
        }
    }

    @Override
    public String currentKekId() {
        return keks.currentId();
    }

    @Override
    public Map<String, Long> keysByKek() {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection connection = ownConnection();
             PreparedStatement statement = connection.prepareStatement(COUNT_BY_KEK);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
            return counts;
        } catch (SQLException e) {
            throw new KeyVaultException("could not count data keys by key-encryption key", e);
        }
    }

    private Optional<DataKey> select(Connection connection, String subjectId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SELECT)) {
            statement.setString(1, subjectId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                String keyId = row.getString(1);
                byte[] dataKey = keks.unwrap(row.getString(2), subjectId, keyId, row.getBytes(3));
                try {
                    return Optional.of(new DataKey(subjectId, keyId, dataKey));
                } finally {
                    Arrays.fill(dataKey, (byte) 0);
                }
            }
        }
    }

    /**
     * A candidate key is made and wrapped before the statement knows whether it is needed: a few microseconds of
     * CPU, against two more round trips to the database for every new subject.
     */
    private Optional<DataKey> selectOrInsert(Connection connection, String subjectId) throws SQLException {
        String keyId = UUID.randomUUID().toString();
        String kekId = keks.currentId();
        byte[] candidate = AesGcm.newKey();
        try (PreparedStatement statement = connection.prepareStatement(SELECT_OR_INSERT)) {
            statement.setString(1, subjectId);
            statement.setString(2, subjectId);
            statement.setObject(3, UUID.fromString(keyId));
            statement.setString(4, kekId);
            statement.setBytes(5, keks.wrap(kekId, subjectId, keyId, candidate));
            statement.setString(6, subjectId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                String storedKeyId = row.getString(1);
                if (storedKeyId.equals(keyId)) {
                    return Optional.of(new DataKey(subjectId, keyId, candidate));
                }
                byte[] dataKey = keks.unwrap(row.getString(2), subjectId, storedKeyId, row.getBytes(3));
                try {
                    return Optional.of(new DataKey(subjectId, storedKeyId, dataKey));
                } finally {
                    Arrays.fill(dataKey, (byte) 0);
                }
            }
        } finally {
            Arrays.fill(candidate, (byte) 0);
        }
    }

    /** Own short transactions: a key must be committed before any event that needs it is. */
    private Connection ownConnection() throws SQLException {
        Connection connection = dataSource.getConnection();
        if (!connection.getAutoCommit()) {
            connection.setAutoCommit(true);
        }
        return connection;
    }

    private static void requireSubject(String subjectId) {
        if (subjectId == null || subjectId.isBlank()) {
            throw new IllegalArgumentException("a data subject id must not be blank");
        }
    }

    @Override
    public String toString() {
        return "JdbcKeyVault[" + keks + "]";
    }
}
