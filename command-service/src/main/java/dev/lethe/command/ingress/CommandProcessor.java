package dev.lethe.command.ingress;

import dev.lethe.command.customer.CommandRejectedException;
import dev.lethe.command.customer.Rejection;
import dev.lethe.command.identity.IdentityResolver;
import dev.lethe.contract.customer.RegisterCustomer;
import dev.lethe.contract.customer.UpdateContactDetails;
import dev.lethe.contract.envelope.CommandResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides the one result of a command and makes it durable. Accepting a command, resolving who it is
 * about (claiming its source record and match keys), storing its events and logging its result happen in
 * one database transaction, so a command
 * redelivered after a crash finds its result in the log and is not applied again.
 *
 * <p>That transaction is nested: called inside a transaction (a batch of commands, see {@link CommandBatch}) a
 * command gets a savepoint, so a rejection undoes only its own work; called outside one, its own transaction.
 */
@Component
class CommandProcessor {

    private static final Pattern CANONICAL_UUID =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private final CommandFactory factory;
    private final CommandLog log;
    private final IdentityResolver identity;
    private final CommandGateway gateway;
    private final TransactionTemplate transaction;
    private final IngressProperties properties;
    private final MeterRegistry meters;

    CommandProcessor(CommandFactory factory, CommandLog log, IdentityResolver identity, CommandGateway gateway,
                     PlatformTransactionManager transactions, IngressProperties properties, MeterRegistry meters) {
        this.factory = factory;
        this.log = log;
        this.identity = identity;
        this.gateway = gateway;
        this.transaction = new TransactionTemplate(transactions);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.properties = properties;
        this.meters = meters;
    }

    /** Decides the command and counts its result. */
    CommandResult process(Envelope envelope) {
        return count(envelope, decide(envelope));
    }

    /**
     * Decides the command without counting it: in a batch the count waits for the batch's commit.
     *
     * @throws RuntimeException when the database, broker or a defect failed the command; its work is undone
     */
    CommandResult decide(Envelope envelope) {
        Optional<UUID> commandId = parseUuid(envelope.commandId());
        if (commandId.isEmpty()) {
            // not logged: the log is keyed by UUID, and an answer keyed by the sender's id is all we can give
            return CommandResult.rejected(envelope.commandId(), Rejection.INVALID_FIELD.name(),
                    "commandId", "commandId must be a UUID");
        }
        UUID id = commandId.get();
        Optional<CommandResult> previous = log.find(id);
        if (previous.isPresent()) {
            meters.counter("lethe.commands.duplicates").increment();
            return previous.get();
        }
        try {
            return transaction.execute(status -> accept(id, envelope));
        } catch (CommandRejectedException rejection) {
            return recordRejection(id, envelope, rejection.code(), rejection.field(), rejection.getMessage());
        } catch (AggregateNotFoundException notFound) {
            return recordRejection(id, envelope, Rejection.CUSTOMER_NOT_FOUND, "payload.customerId",
                    "no customer exists with this customerId");
        } catch (DuplicateKeyException concurrentDuplicate) {
            meters.counter("lethe.commands.duplicates").increment();
            return log.find(id).orElseThrow(() -> concurrentDuplicate);
        }
    }

    private CommandResult accept(UUID id, Envelope envelope) {
        if (envelope.sizeBytes() > properties.maxCommandBytes()) {
            throw new CommandRejectedException(Rejection.PAYLOAD_TOO_LARGE, null,
                    "the command is larger than " + properties.maxCommandBytes() + " bytes");
        }
        ValidatedCommand command = resolveIdentity(factory.create(envelope));
        CommandResult result = CommandResult.accepted(id.toString(), command.customerId());
        // logged before dispatch: a concurrent duplicate then waits on this row's lock instead of applying twice
        log.record(id, command.type().name(), command.source(), result);
        gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command.command()).andMetaData(Map.of(
                "commandId", command.commandId(),
                "commandType", command.type().name(),
                "source", command.source(),
                "actor", command.actor(),
                "purpose", command.purpose())));
        return result;
    }

    /**
     * In this transaction, before the aggregate is called: the keys claimed here and the events stored by
     * the command commit together, and the database locks are always taken before any aggregate lock.
     */
    private ValidatedCommand resolveIdentity(ValidatedCommand command) {
        if (command.command() instanceof RegisterCustomer registration) {
            IdentityResolver.Registration resolved = identity.register(registration);
            return command.routedTo(resolved.customerId(), resolved.command());
        }
        if (command.command() instanceof UpdateContactDetails update) {
            identity.claimContactKeys(update.customerId(), update.contactDetails());
        }
        return command;
    }

    private CommandResult recordRejection(UUID id, Envelope envelope, Rejection code, String field, String message) {
        CommandResult result = CommandResult.rejected(id.toString(), code.name(), field, message);
        try {
            transaction.executeWithoutResult(status -> log.record(id, envelope.type(), envelope.text("source"), result));
            return result;
        } catch (DuplicateKeyException concurrentDuplicate) {
            return log.find(id).orElse(result);
        }
    }

    CommandResult count(Envelope envelope, CommandResult result) {
        String type = CommandType.named(envelope.type()).map(Enum::name).orElse("unknown");
        meters.counter("lethe.commands", "type", type, "status", result.status().name(),
                "code", result.code() == null ? "none" : result.code()).increment();
        return result;
    }

    private static Optional<UUID> parseUuid(String value) {
        // UUID.fromString also takes short forms like "1-1-1-1-1"; only the canonical form is an id here
        return CANONICAL_UUID.matcher(value).matches() ? Optional.of(UUID.fromString(value)) : Optional.empty();
    }
}
