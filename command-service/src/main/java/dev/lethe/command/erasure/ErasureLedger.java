package dev.lethe.command.erasure;

import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.ErasureReason;
import dev.lethe.contract.ledger.ErasureLedgerFile;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The live erasure ledger ({@code ledger.erasure}): one row per erased data subject, written in the erasure's
 * transaction. The first erasure time stays: re-applying the ledger after a restore must not move it.
 */
@Repository
public class ErasureLedger {

    /** Metadata of an erasure re-applied from the ledger: when the ledger says the person was erased (ISO-8601). */
    public static final String ERASED_AT = "lethe.ledger.erasedAt";

    private static final String ERASED_TYPE = CustomerErased.class.getName();

    private final JdbcTemplate jdbc;

    ErasureLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(Collection<String> subjectIds, ErasureReason reason, Instant erasedAt) {
        jdbc.batchUpdate("INSERT INTO ledger.erasure (subject_id, erased_at, reason) VALUES (?, ?, ?) "
                        + "ON CONFLICT (subject_id) DO NOTHING",
                subjectIds.stream().map(id -> new Object[] {id, Timestamp.from(erasedAt), reason.name()}).toList());
    }

    /** Entries of another copy of the ledger (a restore's): each with its own time and reason; the first time stays. */
    void recordAll(List<ErasureLedgerFile.Entry> entries) {
        jdbc.batchUpdate("INSERT INTO ledger.erasure (subject_id, erased_at, reason) VALUES (?, ?, ?) "
                        + "ON CONFLICT (subject_id) DO NOTHING",
                entries.stream().map(entry -> new Object[] {entry.subjectId(), Timestamp.from(entry.erasedAt()),
                        entry.reason().name()}).toList());
    }

    /** True on a database just restored: a backup's data never carries the ledger's rows. */
    boolean isEmpty() {
        return !Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM ledger.erasure)", Boolean.class));
    }

    /** A ledger entry whose customer has events in the store but no {@code CustomerErased} among them. */
    record Pending(String subjectId, ErasureReason reason, Instant erasedAt) {
    }

    /**
     * Subjects the ledger says are erased while the event store does not: what a restore of an older backup
     * leaves behind. Subjects without any event (registered after the backup) have nothing to re-erase.
     */
    List<Pending> notErasedInTheEventStore() {
        return jdbc.query("SELECT l.subject_id, l.reason, l.erased_at FROM ledger.erasure l "
                        + "WHERE EXISTS (SELECT 1 FROM event_store.domain_event_entry e "
                        + "WHERE e.aggregateidentifier = l.subject_id) "
                        + "AND NOT EXISTS (SELECT 1 FROM event_store.domain_event_entry e "
                        + "WHERE e.aggregateidentifier = l.subject_id AND e.payloadtype = ?) "
                        + "ORDER BY l.erased_at, l.subject_id",
                (rs, row) -> new Pending(rs.getString(1), ErasureReason.valueOf(rs.getString(2)),
                        rs.getTimestamp(3).toInstant()),
                ERASED_TYPE);
    }

    boolean erasedInTheEventStore(String subjectId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM event_store.domain_event_entry "
                + "WHERE aggregateidentifier = ? AND payloadtype = ?)", Boolean.class, subjectId, ERASED_TYPE));
    }
}
