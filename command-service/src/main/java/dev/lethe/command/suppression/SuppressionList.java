package dev.lethe.command.suppression;

import java.time.Instant;
import java.sql.Timestamp;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code event_store.suppression} table: keyed hashes of erased people's emails and phones, nothing else. */
@Repository
class SuppressionList {

    private final JdbcTemplate jdbc;

    SuppressionList(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A second erasure of the same address keeps the later dates. */
    void add(String kind, byte[] digest, Instant suppressedAt, Instant expiresAt) {
        jdbc.update("""
                INSERT INTO event_store.suppression (kind, digest, suppressed_at, expires_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (kind, digest) DO UPDATE SET
                    suppressed_at = greatest(suppression.suppressed_at, excluded.suppressed_at),
                    expires_at = greatest(suppression.expires_at, excluded.expires_at)""",
                kind, digest, Timestamp.from(suppressedAt), Timestamp.from(expiresAt));
    }

    /** When the entry was made, if one is in force at {@code now}. */
    Optional<Instant> suppressedAt(String kind, byte[] digest, Instant now) {
        return jdbc.query("SELECT suppressed_at FROM event_store.suppression "
                        + "WHERE kind = ? AND digest = ? AND expires_at > ?",
                (rs, row) -> rs.getTimestamp(1).toInstant(), kind, digest, Timestamp.from(now)).stream().findFirst();
    }

    void remove(String kind, byte[] digest) {
        jdbc.update("DELETE FROM event_store.suppression WHERE kind = ? AND digest = ?", kind, digest);
    }

    /** @return how many expired entries were deleted */
    int removeExpired(Instant now) {
        return jdbc.update("DELETE FROM event_store.suppression WHERE expires_at <= ?", Timestamp.from(now));
    }
}
