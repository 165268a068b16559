package dev.lethe.command.forgetting;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Runs every {@link PurgeStep} in order, now: what turns the erasures recorded so far into physical absence. A step
 * that fails is reported with its code and the next one still runs.
 */
@Component
class ErasurePurge {

    private static final Logger LOG = LoggerFactory.getLogger(ErasurePurge.class);

    private final ObjectProvider<PurgeStep> steps;

    ErasurePurge(ObjectProvider<PurgeStep> steps) {
        this.steps = steps;
    }

    /** One step's outcome: its report, or the error that stopped it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StepOutcome(String step, String status, Instant startedAt, Instant finishedAt, Map<String, Object> details,
                       String code, String message) {
    }

    record Result(Instant startedAt, Instant finishedAt, boolean complete, List<StepOutcome> steps) {
    }

    Result run() {
        Instant started = Instant.now();
        List<StepOutcome> outcomes = new ArrayList<>();
        steps.orderedStream().forEach(step -> outcomes.add(run(step)));
        boolean complete = outcomes.stream().allMatch(outcome -> "DONE".equals(outcome.status()));
        return new Result(started, Instant.now(), complete, List.copyOf(outcomes));
    }

    private static StepOutcome run(PurgeStep step) {
        Instant started = Instant.now();
        try {
            PurgeStepReport report = step.run();
            return new StepOutcome(report.step(), "DONE", report.startedAt(), report.finishedAt(), report.details(),
                    null, null);
        } catch (PurgeStepException e) {
            LOG.warn("Erasure purge step {} failed: {} ({})", step.name(), e.code(), e.getMessage());
            return new StepOutcome(step.name(), "FAILED", started, Instant.now(), null, e.code(), e.getMessage());
        } catch (RuntimeException e) {
            // the exception's message may come from a driver; the answer gets a fixed one, the log the type
            LOG.warn("Erasure purge step {} failed", step.name(), e);
            return new StepOutcome(step.name(), "FAILED", started, Instant.now(), null, "STEP_FAILED",
                    "the step failed; see the command service's log");
        }
    }
}
