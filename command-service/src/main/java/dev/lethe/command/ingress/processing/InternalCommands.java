package dev.lethe.command.ingress.processing;

import dev.lethe.command.ingress.validation.CommandType;
import dev.lethe.command.ingress.validation.ValidatedCommand;
import dev.lethe.contract.customer.EraseCustomer;
import dev.lethe.contract.envelope.CommandResult;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The door for commands Lethe issues itself, e.g. the retention sweeper's erasures. They take the path of every
 * command (command log, idempotency by commandId, metadata in the event store and the audit trail) under the
 * pseudo-source {@value #SOURCE}, which no source system can claim: it is not in {@code lethe.policy.sources}.
 */
@Component
public class InternalCommands {

    /** The source recorded for commands Lethe issues itself. */
    public static final String SOURCE = "lethe-retention";

    private final CommandProcessor processor;

    InternalCommands(CommandProcessor processor) {
        this.processor = processor;
    }

    /**
     * @param commandId deterministic, so a sweep that is retried (or run twice) answers from the log instead of
     *                  erasing again
     * @param actor     who in Lethe decided it, e.g. {@code retention-sweep:<id>} (no personal data)
     */
    public CommandResult erase(UUID commandId, String actor, String purpose, EraseCustomer command) {
        return processor.processInternal(commandId, new ValidatedCommand(commandId.toString(), CommandType.EraseCustomer,
                SOURCE, actor, purpose, command, command.customerId(), null, null));
    }
}
