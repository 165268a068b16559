package dev.lethe.command.ingress;

import dev.lethe.command.customer.CommandRejectedException;
import dev.lethe.command.customer.ErasureDeferral;
import dev.lethe.command.identity.IdentityResolver;
import dev.lethe.command.suppression.Suppression;
import dev.lethe.contract.consent.GrantConsent;
import dev.lethe.contract.customer.RegisterCustomer;
import dev.lethe.contract.customer.UpdateContactDetails;
import dev.lethe.contract.envelope.CommandResult;
import dev.lethe.contract.envelope.Rejection;
import dev.lethe.contract.wire.CommandMetadata;
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
 *
 * <p>One answer per commandId: the log is keyed by the UUID (so {@code 3F6C…} and {@code 3f6c…} are one command),
 * every answer to a readable UUID is logged (also {@code INVALID_JSON} and {@code INTERNAL_ERROR}), and the log is
 * read before any answer is given. The answer goes out under the id as this record spelled it, so that the sender
 * finds it; every other field is the first answer's.
 */
@Component
class CommandProcessor {

    private static final Pattern CANONICAL_UUID =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    static final String INTERNAL_ERROR_MESSAGE = "the command could not be processed; it was parked for an operator";

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
        // applies when this starts the transaction (one per command); inside a batch the batch's own timeout does
        this.transaction.setTimeout(properties.transactionTimeoutSeconds());
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
            // not logged: the log is keyed by UUID; the same id always gets this same answer anyway
            return CommandResult.rejected(envelope.commandId(), Rejection.INVALID_FIELD.name(),
                    "commandId", "commandId must be a UUID");
        }
        UUID id = commandId.get();
        Optional<CommandResult> previous = logged(id, batch);
        if (previous.isPresent()) {
            meters.counter("lethe.commands.duplicates").increment();
            return answeredAs(envelope.commandId(), previous.get());
        }
        // the store's metadata and the audit trail carry the canonical id, whatever its spelling in the record
        Envelope canonical = envelope.withCommandId(id.toString());
        CommandResult result = decideOnce(id, envelope.type(), envelope.text("source"), "payload.customerId", batch,
                () -> accept(id, canonical));
        if (batch != null) {
            batch.logged().put(id, result);
        }
        return answeredAs(envelope.commandId(), result);
    }

    /**
     * The answer to a record that is not a command envelope but from which a commandId could be read: the first
     * answer that id got, or else this rejection, logged, so that a later record with the same id (even a valid
     * one) is answered alike.
     *
     * @param batch the batch this record is decided in, or null for a transaction of its own
     */
    CommandResult rejectUndecodable(String commandId, Rejection code, String message, Batch batch) {
        Optional<UUID> id = parseUuid(commandId);
        if (id.isEmpty()) {
            return CommandResult.rejected(commandId, code.name(), null, message);
        }
        Optional<CommandResult> previous = logged(id.get(), batch);
        if (previous.isPresent()) {
            meters.counter("lethe.commands.duplicates").increment();
            return answeredAs(commandId, previous.get());
        }
        CommandResult result = recordRejection(id.get(), null, null, code, null, message);
        if (batch != null) {
            batch.logged().put(id.get(), result);
        }
        return answeredAs(commandId, result);
    }

    /**
     * Gives up on a command that could not be processed (a defect, or retries exhausted): answers
     * {@code INTERNAL_ERROR}, logged so that a repeat is answered alike, unless the commandId was answered meanwhile;
     * then that answer stands. In a transaction of its own, as little as possible written: it must succeed where
     * the command failed.
     */
    CommandResult giveUp(String commandId) {
        Optional<UUID> id = parseUuid(commandId);
        CommandResult internalError = CommandResult.rejected(commandId, Rejection.INTERNAL_ERROR.name(), null,
                INTERNAL_ERROR_MESSAGE);
        if (id.isEmpty()) {
            return internalError;
        }
        return answeredAs(commandId, recordRejection(id.get(), null, null, Rejection.INTERNAL_ERROR, null,
                INTERNAL_ERROR_MESSAGE));
    }

    /** The answer this commandId already got, if any (read from the log, not from any batch). */
    Optional<CommandResult> previousAnswer(String commandId) {
        return parseUuid(commandId).flatMap(log::find).map(answer -> answeredAs(commandId, answer));
    }

    private Optional<CommandResult> logged(UUID id, Batch batch) {
        return batch == null ? log.find(id) : Optional.ofNullable(batch.logged().get(id));
    }

    /** The logged answer under the id as this record spelled it: that is the key the sender waits for. */
    private static CommandResult answeredAs(String commandId, CommandResult answer) {
        return commandId.equals(answer.commandId()) ? answer : new CommandResult(commandId, answer.status(),
                answer.customerId(), answer.code(), answer.message(), answer.field(), answer.deferredUntil());
    }

    /**
     * Runs the command's work once, in its own transaction or the batch's savepoint, and turns what the domain
     * refused into a logged rejection. Anything else (the database, the broker, a defect) is thrown with the work
     * undone, for the caller to retry or give up.
     */
    private CommandResult decideOnce(UUID id, String type, String source, String customerField, Batch batch,
                                     Supplier<CommandResult> work) {
        try {
            return batch == null ? transaction.execute(status -> work.get()) : inSavepoint(batch.transaction(), work);
        } catch (CommandRejectedException rejection) {
            return recordRejection(id, type, source, rejection.code(), rejection.field(), rejection.getMessage());
        } catch (AggregateNotFoundException notFound) {
            return recordRejection(id, type, source, Rejection.CUSTOMER_NOT_FOUND, customerField,
                    "no customer exists with this customerId");
        } catch (DuplicateKeyException concurrentDuplicate) {
            meters.counter("lethe.commands.duplicates").increment();
            return log.find(id).orElseThrow(() -> concurrentDuplicate);
        }
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
        return decideOnce(id, command.type().name(), command.source(), "customerId", null,
                () -> dispatch(id, command));
    }

    private CommandResult dispatch(UUID id, ValidatedCommand command) {
        // logged before dispatch: a concurrent duplicate then waits on this row's lock instead of applying twice
        CommandResult result = log.record(id, command.type().name(), command.source(),
                CommandResult.accepted(id.toString(), command.customerId()));
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
                CommandMetadata.COMMAND_ID, command.commandId(),
                CommandMetadata.COMMAND_TYPE, command.type().name(),
                CommandMetadata.SOURCE, command.source(),
                CommandMetadata.ACTOR, command.actor(),
                CommandMetadata.PURPOSE, command.purpose())));
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

    /**
     * @param type as the sender wrote it; logged only when it names a known command type (the log holds no text a
     *             sender made up, and a record with no type at all must be loggable too)
     */
    private CommandResult recordRejection(UUID id, String type, String source, Rejection code, String field,
                                          String message) {
        String knownType = type == null ? null : CommandType.named(type).map(Enum::name).orElse(null);
        CommandResult result = CommandResult.rejected(id.toString(), code.name(), field, message);
        try {
            return transaction.execute(status -> log.record(id, knownType, source, result));
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
        return value != null && CANONICAL_UUID.matcher(value).matches() ? Optional.of(UUID.fromString(value)) : Optional.empty();
    }
}
