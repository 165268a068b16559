package dev.lethe.command.ingress.deadletter;

import dev.lethe.command.ingress.transport.LetheTopics;
import dev.lethe.command.forgetting.PurgeStep;
import dev.lethe.command.forgetting.PurgeStepReport;
import dev.lethe.shredding.KeyVault;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Destroys the ingress key of a day once no dead letter sealed with it can still be on the topic: the day's last
 * dead letter is written before midnight (UTC) and the topic keeps records for {@code lethe.topics.commands-retention}
 * (whole segments, so up to one {@code segment-roll} and one retention check longer: an hour of margin covers both).
 * Destroyed through the key vault like a person's key, so the erasure ledger keeps it destroyed after a restore.
 */
@Component(IngressKeyRetirement.STEP)
@Order(11)
public class IngressKeyRetirement implements PurgeStep {

    public static final String STEP = "ingress-keys";
    static final Duration MARGIN = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(IngressKeyRetirement.class);

    private final KeyVault vault;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Duration retention;

    IngressKeyRetirement(KeyVault vault, JdbcTemplate jdbc, PlatformTransactionManager transactions, LetheTopics topics) {
        this.vault = vault;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.retention = topics.commandsRetention();
    }

    @Override
    public String name() {
        return STEP;
    }

    /** Details: {@code destroyed} and {@code kept}, the subjects of the ingress keys (no personal data). */
    @Override
    public PurgeStepReport run() {
        Instant startedAt = Instant.now();
        List<String> destroyed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<String> subjects = jdbc.queryForList("SELECT subject_id FROM key_vault.data_key WHERE subject_id LIKE ? "
                + "ORDER BY subject_id", String.class, IngressKeys.SUBJECT_PREFIX + "%");
        for (String subject : subjects) {
            Optional<LocalDate> day = IngressKeys.day(subject);
            if (day.isPresent() && expiresAt(day.get()).isBefore(startedAt)) {
                transaction.executeWithoutResult(status -> jdbc.execute((ConnectionCallback<Void>) connection -> {
                    vault.destroy(subject, connection);
                    return null;
                }));
                destroyed.add(subject);
            } else {
                kept.add(subject);
            }
        }
        if (!destroyed.isEmpty()) {
            LOG.info("Destroyed the ingress keys {}: their dead letters are past the topic's retention", destroyed);
        }
        return new PurgeStepReport(STEP, startedAt, Instant.now(), Map.of("destroyed", destroyed, "kept", kept));
    }

    /** When the last dead letter a day's key sealed has left the topic. */
    Instant expiresAt(LocalDate day) {
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().plus(retention).plus(MARGIN);
    }
}
