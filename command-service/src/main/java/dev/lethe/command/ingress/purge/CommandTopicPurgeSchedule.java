package dev.lethe.command.ingress.purge;

import dev.lethe.command.forgetting.PurgeStep;
import dev.lethe.command.ingress.deadletter.IngressKeyRetirement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Runs the ingress's purge steps every {@code lethe.ingress.purge-interval}: the command topics through their committed
 * offsets, and the ingress keys of dead letters that expired. A failed run (the broker or database away) is logged and
 * simply repeated at the next interval: nothing is lost by waiting, the records stay until they are purged.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class CommandTopicPurgeSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(CommandTopicPurgeSchedule.class);

    private final List<PurgeStep> steps;

    CommandTopicPurgeSchedule(CommandTopicPurger commandTopic, IngressKeyRetirement ingressKeys) {
        this.steps = List.of(commandTopic, ingressKeys);
    }

    @Scheduled(fixedDelayString = "${lethe.ingress.purge-interval:PT1M}",
            initialDelayString = "${lethe.ingress.purge-interval:PT1M}")
    void purge() {
        for (PurgeStep step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                // only the type: messages of library exceptions are not ours to vouch for
                LOG.warn("The scheduled purge step {} failed ({}); it runs again in one interval", step.name(),
                        e.getClass().getName());
            }
        }
    }
}
