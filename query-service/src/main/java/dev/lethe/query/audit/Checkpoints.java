package dev.lethe.query.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signs the chain head: every {@code everyEntries} entries (in the appending transaction) and on a timer when the
 * head moved. A checkpoint exported and kept elsewhere makes a rewritten chain or a cut-off tail detectable.
 */
@Component
class Checkpoints {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    private static final String COLUMNS = "sequence, entry_hash, signed_at, key_id, signature";
    private static final RowMapper<Checkpoint> CHECKPOINT = (rs, row) -> new Checkpoint(rs.getLong(1), rs.getBytes(2),
            rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getBytes(5));

    private final JdbcTemplate jdbc;
    private final AuditTrail trail;
    private final CheckpointKeys keys;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final int everyEntries;

    Checkpoints(JdbcTemplate jdbc, AuditTrail trail, CheckpointKeys keys, TransactionTemplate transaction,
                AuditProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.trail = trail;
        this.keys = keys;
        this.transaction = transaction;
        this.clock = clock;
        this.everyEntries = properties.checkpoint().everyEntries();
    }

    /** Called in the appending transaction, holding the head lock. */
    void afterAppend(AuditEntry entry) {
        if (entry.sequence() % everyEntries == 0) {
            insert(entry);
        }
    }

    @Scheduled(fixedDelayString = "${lethe.audit.checkpoint.interval:PT5M}",
            initialDelayString = "${lethe.audit.checkpoint.interval:PT5M}")
    void onSchedule() {
        signHead().ifPresent(checkpoint -> LOG.info("audit checkpoint signed at sequence {}", checkpoint.sequence()));
    }

    /** Signs the current head unless it is signed already; empty when the trail is empty. */
    public Optional<Checkpoint> signHead() {
        return transaction.execute(status -> {
            trail.lockHead();
            Optional<AuditEntry> head = trail.head();
            if (head.isEmpty()) {
                return Optional.<Checkpoint>empty();
            }
            Optional<Checkpoint> existing = at(head.get().sequence());
            return existing.isPresent() ? existing : Optional.of(insert(head.get()));
        });
    }

    public List<Checkpoint> all() {
        return jdbc.query("SELECT " + COLUMNS + " FROM audit.checkpoint ORDER BY sequence", CHECKPOINT);
    }

    private Optional<Checkpoint> at(long sequence) {
        return jdbc.query("SELECT " + COLUMNS + " FROM audit.checkpoint WHERE sequence = ?", CHECKPOINT, sequence)
                .stream().findFirst();
    }

    private Checkpoint insert(AuditEntry entry) {
        var signedAt = CanonicalEncoding.micros(clock.instant());
        byte[] signature = keys.sign(Checkpoint.canonicalEncoding(entry.sequence(), entry.entryHash(), signedAt,
                keys.keyId()));
        Checkpoint checkpoint = new Checkpoint(entry.sequence(), entry.entryHash(), signedAt, keys.keyId(), signature);
        jdbc.update("INSERT INTO audit.checkpoint (sequence, entry_hash, signed_at, key_id, signature) VALUES (?, ?, ?, ?, ?)",
                checkpoint.sequence(), checkpoint.entryHash(), Timestamp.from(signedAt), checkpoint.keyId(),
                checkpoint.signature());
        return checkpoint;
    }
}
