package dev.lethe.command.keys;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The scheduled path of the KEK epochs, in every instance: follow a rotation made elsewhere, open a new epoch once
 * the current one is {@code lethe.crypto.kek.rotate-every} old, destroy retired KEKs whose retention ended. The
 * database lock makes one instance do each rotation; the others find nothing due.
 */
@Component
@EnableScheduling
@ConditionalOnProperty(name = "lethe.crypto.kek.scheduled", havingValue = "true", matchIfMissing = true)
class KekEpochSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(KekEpochSchedule.class);

    private final KekLifecycle lifecycle;

    KekEpochSchedule(KekLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Scheduled(fixedDelayString = "${lethe.crypto.kek.check-interval:PT1M}",
            initialDelayString = "${lethe.crypto.kek.check-interval:PT1M}")
    void check() {
        try {
            lifecycle.followCurrentEpoch();
            lifecycle.rotateIfDue();
            lifecycle.destroyDue();
        } catch (KeyRotationException e) {
            LOG.warn("Scheduled key-encryption key epoch check did not complete: {} ({})", e.code(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Scheduled key-encryption key epoch check failed; retried at the next check", e);
        }
    }
}
