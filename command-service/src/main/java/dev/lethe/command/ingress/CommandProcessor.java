package dev.lethe.command.ingress;

import dev.lethe.command.customer.CommandRejectedException;
import dev.lethe.command.customer.Rejection;
import dev.lethe.command.erasure.ErasureDeferral;
import dev.lethe.command.identity.IdentityResolver;
import dev.lethe.command.suppression.Suppression;
import dev.lethe.contract.consent.GrantConsent;
import dev.lethe.contract.customer.RegisterCustomer;
import dev.lethe.contract.customer.UpdateContactDetails;
import dev.lethe.contract.envelope.CommandResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.SavepointManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides the one result of a command and makes it durable. Accepting a command, resolving who it is
 * about (claiming its source record and match keys), storing its events and logging its result happen in
 * one database transaction, so a command
 * redelivered after a crash finds its result in the log and is not applied again.
 *
 * <p>In a batch of commands ({@link CommandBatch}) that transaction is the batch's, and each command gets a
 * savepoint, so a rejection undoes only its own work.
 */
@Component
class CommandProcessor {

    private static final Pattern CANONICAL_UUID =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private final CommandFactory factory;
    private final CommandLog log;
    private final IdentityResolver identity;
    private final Suppression suppression;
    private final CommandGateway gateway;
    private final TransactionTemplate transaction;
    private final IngressProperties properties;
    private final MeterRegistry meters;

    CommandProcessor(CommandFactory factory, CommandLog log, IdentityResolver identity, Suppression suppression,
                     CommandGateway gateway, PlatformTransactionManager transactions, IngressProperties properties,
                     MeterRegistry meters) {
        this.factory = factory;
        this.log = log;
        this.identity = identity;
        this.suppression = suppression;
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
        return decide(envelope, null);
    }

    /**
     * What a batch ({@link CommandBatch}) shares with each of its commands: the command log read once for the
     * whole batch (and kept up to date with the batch's own decisions), and the batch transaction, in which each
     * command gets a savepoint.
     */
    record Batch(Map<UUID, CommandResult> logged, SavepointManager transaction) {
    }

    /** @param batch the batch this command is decided in, or null for a transaction of its own */
    CommandResult decide(Envelope envelope, Batch batch) {
        Optional<UUID> commandId = parseUuid(envelope.commandId());
        if (commandId.isEmpty()) {
            // not logged: the log is keyed by UUID, and an answer keyed by the sender's id is all we can give
            return CommandResult.rejected(envelope.commandId(), Rejection.INVALID_FIELD.name(),
                    "commandId", "commandId must be a UUID");
        }
        UUID id = commandId.get();
        Optional<CommandResult> previous = batch == null ? log.find(id) : Optional.ofNullable(batch.logged().get(id));
        if (previous.isPresent()) {
            meters.counter("lethe.commands.duplicates").increment();
            return previous.get();
        }
        CommandResult result;
        try {
            result = batch == null ? transaction.execute(status -> accept(id, envelope))
                    : inSavepoint(batch.transaction(), () -> accept(id, envelope));
        } catch (CommandRejectedException rejection) {
            result = recordRejection(id, envelope, rejection.code(), rejection.field(), rejection.getMessage());
        } catch (AggregateNotFoundException notFound) {
            result = recordRejection(id, envelope, Rejection.CUSTOMER_NOT_FOUND, "payload.customerId",
                    "no customer exists with this customerId");
        } catch (DuplicateKeyException concurrentDuplicate) {
            meters.counter("lethe.commands.duplicates").increment();
            result = log.find(id).orElseThrow(() -> concurrentDuplicate);
        }
        if (batch != null) {
            batch.logged().put(id, result);
        }
        return result;
    }

    /**
     * A successful command's savepoint is kept rather than released: PostgreSQL releases it with the batch's
     * commit, and the command saves a round trip. A failed command rolls back to it, which also clears the
     * rollback-only mark Axon's failed unit of work left on the transaction.
     */
    private static CommandResult inSavepoint(SavepointManager transaction, Supplier<CommandResult> work) {
        Object savepoint = transaction.createSavepoint();
        try {
            return work.get();
        } catch (RuntimeException | Error failure) {
            transaction.rollbackToSavepoint(savepoint);
            throw failure;
        }
    }

    private CommandResult accept(UUID id, Envelope envelope) {
        if (envelope.sizeBytes() > properties.maxCommandBytes()) {
            throw new CommandRejectedException(Rejection.PAYLOAD_TOO_LARGE, null,
                    "the command is larger than " + properties.maxCommandBytes() + " bytes");
        }
        return dispatch(id, resolveIdentity(factory.create(envelope)));
    }

    /**
     * A command Lethe sends itself (the retention sweeper), through the same log and transaction as any other:
     * logged, idempotent by commandId, in the audit trail. It passed no envelope check, so only trusted code
     * in this service may build one.
     */
    CommandResult processInternal(UUID id, ValidatedCommand command) {
        Optional<CommandResult> previous = log.find(id);
        if (previous.isPresent()) {
            return previous.get();
        }
        try {
            return transaction.execute(status -> dispatch(id, command));
        } catch (CommandRejectedException rejection) {
            return recordRejection(id, command.type().name(), command.source(), rejection.code(), rejection.field(),
                    rejection.getMessage());
        } catch (AggregateNotFoundException notFound) {
            return recordRejection(id, command.type().name(), command.source(), Rejection.CUSTOMER_NOT_FOUND,
                    "customerId", "no customer exists with this customerId");
        } catch (DuplicateKeyException concurrentDuplicate) {
            return log.find(id).orElseThrow(() -> concurrentDuplicate);
        }
    }

    private CommandResult dispatch(UUID id, ValidatedCommand command) {
        CommandResult result = CommandResult.accepted(id.toString(), command.customerId());
        // logged before dispatch: a concurrent duplicate then waits on this row's lock instead of applying twice
        log.record(id, command.type().name(), command.source(), result);
        Object outcome = send(command, command.command());
        if (command.consent() != null) {
            // same transaction: the registration and the consent it was collected with are stored together
            send(command, command.consent());
        }
        if (outcome instanceof ErasureDeferral deferral) {
            result = CommandResult.erasureDeferred(id.toString(), command.customerId(), deferral.until().toString());
            log.amend(id, result);
        }
        return result;
    }

    private Object send(ValidatedCommand command, Object payload) {
        return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(payload).andMetaData(Map.of(
                "commandId", command.commandId(),
                "commandType", command.type().name(),
                "source", command.source(),
                "actor", command.actor(),
                "purpose", command.purpose())));
    }

    /**
     * In this transaction, before the aggregate is called: the keys claimed here and the events stored by
     * the command commit together, and the database locks are always taken before any aggregate lock.
     */
    private ValidatedCommand resolveIdentity(ValidatedCommand command) {
        if (command.command() instanceof RegisterCustomer registration) {
            suppression.admit(registration.contactDetails(),
                    Optional.ofNullable(command.consent()).map(GrantConsent::grantedAt));
            IdentityResolver.Registration resolved = identity.register(registration);
            return command.routedTo(resolved.customerId(), resolved.command());
        }
        if (command.command() instanceof UpdateContactDetails update) {
            identity.claimContactKeys(update.customerId(), update.contactDetails());
        }
        return command;
    }

    private CommandResult recordRejection(UUID id, Envelope envelope, Rejection code, String field, String message) {
        return recordRejection(id, envelope.type(), envelope.text("source"), code, field, message);
    }

    private CommandResult recordRejection(UUID id, String type, String source, Rejection code, String field,
                                          String message) {
        CommandResult result = CommandResult.rejected(id.toString(), code.name(), field, message);
        try {
            transaction.executeWithoutResult(status -> log.record(id, type, source, result));
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

    static Optional<UUID> parseUuid(String value) {
        // UUID.fromString also takes short forms like "1-1-1-1-1"; only the canonical form is an id here
        return CANONICAL_UUID.matcher(value).matches() ? Optional.of(UUID.fromString(value)) : Optional.empty();
    }
}
