package dev.lethe.command.forgetting;

/**
 * One step that turns erasures into physical absence (a copy of personal data or of a key that no file keeps).
 * The erasure purge, scheduled or called by an operator, runs every step bean in {@link org.springframework.core.annotation.Order}
 * and answers with each step's report; each step also runs on its own schedule.
 */
public interface PurgeStep {

    /** A short stable name for the purge's answer and metrics, e.g. {@code command-topic}. */
    String name();

    /**
     * Runs the step now and says what it did. Never carries personal data.
     *
     * @throws RuntimeException when the step could not run; the purge reports it and goes on with the next step
     */
    PurgeStepReport run();
}
