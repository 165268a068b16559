package dev.lethe.command.retention;

import static dev.lethe.command.retention.CustomerActivityProjection.at;

import dev.lethe.contract.customer.ErasureReason;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Who is due for erasure under each rule, from {@code event_store.customer_activity} alone. A person under an
 * active legal hold is never a candidate; a person merged into another is erased with their survivor.
 */
@Repository
class RetentionCandidates {

    private static final String LIVE = "erased_at IS NULL AND merged_into IS NULL ";
    private static final String NOT_HELD = "AND (hold_until IS NULL OR hold_until <= ?) ";

    private final JdbcTemplate jdbc;

    RetentionCandidates(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Erasures asked for during a legal hold that has ended since: carried out with the reason they were asked for. */
    List<Candidate> holdEnded(Instant now) {
        return jdbc.query("SELECT customer_id, erasure_pending_reason, hold_until FROM event_store.customer_activity "
                        + "WHERE " + LIVE + "AND erasure_pending_reason IS NOT NULL AND hold_until <= ? "
                        + "ORDER BY hold_until, customer_id",
                (rs, row) -> new Candidate(rs.getString(1), ErasureReason.valueOf(rs.getString(2)),
                        rs.getObject(3, OffsetDateTime.class).toInstant()),
                at(now));
    }

    List<Candidate> inactive(String purpose, RetentionProperties.PurposeRetention rule, Instant now) {
        return jdbc.query("SELECT customer_id, last_activity_at FROM event_store.customer_activity "
                        + "WHERE " + LIVE + NOT_HELD + "AND erasure_pending_reason IS NULL "
                        + "AND ? = ANY(purposes) AND NOT (purposes && ?::text[]) AND last_activity_at <= ? "
                        + "ORDER BY last_activity_at, customer_id",
                (rs, row) -> new Candidate(rs.getString(1), ErasureReason.RETENTION_EXPIRED,
                        rs.getObject(2, OffsetDateTime.class).toInstant()),
                at(now), purpose, rule.unlessPurposes().toArray(String[]::new),
                at(now.minus(rule.eraseAfterInactivity())));
    }

    List<Candidate> consentWithdrawn(Duration grace, Instant now) {
        return jdbc.query("SELECT customer_id, consent_withdrawn_at FROM event_store.customer_activity "
                        + "WHERE " + LIVE + NOT_HELD + "AND erasure_pending_reason IS NULL "
                        + "AND cardinality(purposes) = 0 AND consent_withdrawn_at <= ? "
                        + "ORDER BY consent_withdrawn_at, customer_id",
                (rs, row) -> new Candidate(rs.getString(1), ErasureReason.CONSENT_WITHDRAWN,
                        rs.getObject(2, OffsetDateTime.class).toInstant()),
                at(now), at(now.minus(grace)));
    }

    /**
     * @param dueSince the instant that made the person due (last activity, withdrawal, hold end): part of the
     *                 erasure's deterministic commandId, so a new activity makes a new decision
     */
    record Candidate(String customerId, ErasureReason reason, Instant dueSince) {
    }
}
