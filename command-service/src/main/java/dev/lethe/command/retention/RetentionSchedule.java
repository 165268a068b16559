package dev.lethe.command.retention;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Sweeps every {@code lethe.retention.sweep-interval}, first after one interval (not at start-up, so a fleet
 * restarting together does not sweep at once; the lock would make all but one skip anyway).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "lethe.retention.scheduled", havingValue = "true", matchIfMissing = true)
class RetentionSchedule {

    private final RetentionSweeper sweeper;

    RetentionSchedule(RetentionSweeper sweeper) {
        this.sweeper = sweeper;
    }

    @Scheduled(fixedDelayString = "${lethe.retention.sweep-interval:PT1H}",
            initialDelayString = "${lethe.retention.sweep-interval:PT1H}")
    void sweep() {
        sweeper.sweep("SCHEDULE");
    }
}
