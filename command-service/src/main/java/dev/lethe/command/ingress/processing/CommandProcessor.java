package dev.lethe.command.ingress.processing;

import dev.lethe.command.customer.CommandRejectedException;
import dev.lethe.command.ingress.IngressProperties;
import dev.lethe.command.ingress.validation.CommandFactory;
import dev.lethe.command.ingress.validation.CommandType;
import dev.lethe.command.ingress.validation.Envelope;
import dev.lethe.command.ingress.validation.Reading;
import dev.lethe.command.ingress.validation.UndecodableCommandException;
import dev.lethe.command.ingress.validation.ValidatedCommand;
import dev.lethe.contract.envelope.CommandResult;
import dev.lethe.contract.envelope.Rejection;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.SavepointManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides the one result of a command and makes it durable. Validating a command, carrying it out
 * ({@link CommandDispatch}: resolving who it is about, storing its events) and logging its result happen in one
 * database transaction, so a command redelivered after a crash finds its result in the log and is not applied
 * again.
 *
 * <p>In a batch of commands ({@link CommandBatch}) that transaction is the batch's: a command that may write before
 * it is rejected gets a savepoint, so a rejection undoes only its own work, and the accepted answers are logged
 * together at the batch's end.
 *
 * <p>One answer per commandId: the log is keyed by the UUID (so {@code 3F6C…} and {@code 3f6c…} are one command),
 * every answer to a readable UUID is logged (also {@code INVALID_JSON} and {@code INTERNAL_ERROR}), and the log is
 * read before any answer is given. The answer goes out under the id as this record spelled it, so that the sender
 * finds it; every other field is the first answer's.
 */
@Component
public class CommandProcessor {

    static final String INTERNAL_ERROR_MESSAGE = "the command could not be processed; it was parked for an operator";

    private final CommandFactory factory;
    private final CommandLog log;
    private final CommandDispatch dispatch;
    private final TransactionTemplate transaction;
    private final IngressProperties properties;
    private final MeterRegistry meters;

    CommandProcessor(CommandFactory factory, CommandLog log, CommandDispatch dispatch,
                     PlatformTransactionManager transactions, IngressProperties properties, MeterRegistry meters) {
        this.factory = factory;
        this.log = log;
        this.dispatch = dispatch;
        this.transaction = new TransactionTemplate(transactions);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        // applies when this starts the transaction (one per command); inside a batch the batch's own timeout does
        this.transaction.setTimeout(properties.transactionTimeoutSeconds());
        this.properties = properties;
        this.meters = meters;
    }

    /**
     * Decides one record in a transaction of its own: a command envelope, or a record that is none but whose
     * commandId could be read (it is answered with its rejection, logged).
     *
     * @return its answer, counted; null when it has none (nothing to decide, or no readable commandId)
     * @throws RuntimeException when the database, broker or a defect failed the command; its work is undone
     */
    public CommandResult answer(Reading reading) {
        if (reading.envelope() != null) {
            return process(reading.envelope());
        }
        return answerUndecodable(reading, null);
    }

    /** Decides the command and counts its result. */
    CommandResult process(Envelope envelope) {
        return count(envelope, decide(envelope, null));
    }

    /** @param batch the batch this record is decided in, or null for a transaction of its own */
    CommandResult answerUndecodable(Reading reading, Batch batch) {
        UndecodableCommandException undecodable = reading.undecodable();
        return undecodable == null || undecodable.recoveredCommandId() == null ? null
                : rejectUndecodable(undecodable.recoveredCommandId(), undecodable.code(), undecodable.getMessage(), batch);
    }

    /**
     * What a batch ({@link CommandBatch}) shares with each of its commands: the command log read once for the
     * whole batch (and kept up to date with the batch's own decisions), the batch transaction, in which each
     * command gets a savepoint, and the Axon unit of work that collects the batch's events.
     */
    record Batch(Map<UUID, CommandResult> logged, SavepointManager transaction, BatchUnitOfWork events,
                 List<CommandLog.Row> unlogged) {
    }

    /**
     * Commands the aggregate alone decides: nothing is written for them before the decision (their events wait in
     * the batch's unit of work, their log row for the batch's end), so a rejection has nothing to roll back and
     * they need no savepoint. Every other command may write before it is rejected (identity claims, a lifted
     * suppression entry, keys, routing rows) and gets one.
     */
    private static final Set<CommandType> DECIDED_BEFORE_WRITING = EnumSet.of(CommandType.GrantConsent,
            CommandType.WithdrawConsent, CommandType.RestrictProcessing, CommandType.LiftRestriction,
            CommandType.PlaceLegalHold, CommandType.ReleaseLegalHold);

    /**
     * Commands that change several aggregates or what lies outside the event store (keys destroyed, routing rows)
     * see the store complete: the batch's events so far are appended before them, and theirs right after.
     */
    private static final Set<CommandType> ALONE_IN_BATCH = EnumSet.of(CommandType.EraseCustomer,
            CommandType.MergeCustomers, CommandType.UnmergeCustomers);

    /**
     * Decides the command without counting it: in a batch the count waits for the batch's commit.
     *
     * @param batch the batch this command is decided in, or null for a transaction of its own
     */
    CommandResult decide(Envelope envelope, Batch batch) {
        Optional<UUID> commandId = CommandIds.parse(envelope.commandId());
        if (commandId.isEmpty()) {
            // not logged: the log is keyed by UUID; the same id always gets this same answer anyway
            return CommandResult.rejected(envelope.commandId(), Rejection.INVALID_FIELD,
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
        boolean alone = batch != null && CommandType.named(envelope.type()).filter(ALONE_IN_BATCH::contains).isPresent();
        if (alone) {
            batch.events().flush();
        }
        CommandResult result = decideOnce(id, envelope.type(), envelope.text("source"), "payload.customerId", batch,
                logNow -> accept(id, canonical, logNow));
        if (alone) {
            batch.events().flush();
        }
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
    private CommandResult rejectUndecodable(String commandId, Rejection code, String message, Batch batch) {
        Optional<UUID> id = CommandIds.parse(commandId);
        if (id.isEmpty()) {
            return CommandResult.rejected(commandId, code, null, message);
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
    public CommandResult giveUp(String commandId) {
        Optional<UUID> id = CommandIds.parse(commandId);
        CommandResult internalError = CommandResult.rejected(commandId, Rejection.INTERNAL_ERROR, null,
                INTERNAL_ERROR_MESSAGE);
        if (id.isEmpty()) {
            return internalError;
        }
        return answeredAs(commandId, recordRejection(id.get(), null, null, Rejection.INTERNAL_ERROR, null,
                INTERNAL_ERROR_MESSAGE));
    }

    /** The answer this commandId already got, if any (read from the log, not from any batch). */
    public Optional<CommandResult> previousAnswer(String commandId) {
        return CommandIds.parse(commandId).flatMap(log::find).map(answer -> answeredAs(commandId, answer));
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
                                     Function<Boolean, CommandLog.Row> work) {
        try {
            return batch == null ? transaction.execute(status -> work.apply(true).answer()) : inBatch(batch, type, work);
        } catch (CommandRejectedException rejection) {
            afterFailedCommand(batch);
            return recordRejection(id, type, source, rejection.code(), rejection.field(), rejection.getMessage());
        } catch (AggregateNotFoundException notFound) {
            afterFailedCommand(batch);
            return recordRejection(id, type, source, Rejection.CUSTOMER_NOT_FOUND, customerField,
                    "no customer exists with this customerId");
        } catch (DuplicateKeyException concurrentDuplicate) {
            meters.counter("lethe.commands.duplicates").increment();
            return log.find(id).orElseThrow(() -> concurrentDuplicate);
        }
    }

    /**
     * Once its savepoint is rolled back (never before: that would undo the append too), a failed command's batch
     * appends the events of the commands before it, see {@link BatchUnitOfWork}.
     */
    private static void afterFailedCommand(Batch batch) {
        if (batch != null) {
            batch.events().flush();
        }
    }

    /** In the batch's unit of work, its log row kept for the batch's end; in a savepoint if it may need one. */
    private static CommandResult inBatch(Batch batch, String type, Function<Boolean, CommandLog.Row> work) {
        Supplier<CommandLog.Row> command = () -> batch.events().command(() -> work.apply(false));
        boolean decidedBeforeWriting = CommandType.named(type).filter(DECIDED_BEFORE_WRITING::contains).isPresent();
        CommandLog.Row row = decidedBeforeWriting ? command.get() : inSavepoint(batch.transaction(), command);
        batch.unlogged().add(row);
        return row.answer();
    }

    /**
     * A successful command's savepoint is kept rather than released: PostgreSQL releases it with the batch's
     * commit, and the command saves a round trip. A failed command rolls back to it, which also clears the
     * rollback-only mark Axon's failed unit of work left on the transaction.
     */
    private static <T> T inSavepoint(SavepointManager transaction, Supplier<T> work) {
        Object savepoint = transaction.createSavepoint();
        try {
            return work.get();
        } catch (RuntimeException | Error failure) {
            transaction.rollbackToSavepoint(savepoint);
            throw failure;
        }
    }

    private CommandLog.Row accept(UUID id, Envelope envelope, boolean logNow) {
        if (envelope.sizeBytes() > properties.maxCommandBytes()) {
            throw new CommandRejectedException(Rejection.PAYLOAD_TOO_LARGE, null,
                    "the command is larger than " + properties.maxCommandBytes() + " bytes");
        }
        return dispatch.dispatch(id, factory.create(envelope), logNow);
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
                logNow -> dispatch.dispatch(id, command, logNow));
    }

    /**
     * @param type as the sender wrote it; logged only when it names a known command type (the log holds no text a
     *             sender made up, and a record with no type at all must be loggable too)
     */
    private CommandResult recordRejection(UUID id, String type, String source, Rejection code, String field,
                                          String message) {
        String knownType = type == null ? null : CommandType.named(type).map(Enum::name).orElse(null);
        CommandResult result = CommandResult.rejected(id.toString(), code, field, message);
        try {
            return transaction.execute(status -> log.record(id, knownType, source, result));
        } catch (DuplicateKeyException concurrentDuplicate) {
            return log.find(id).orElse(result);
        }
    }

    CommandResult count(Envelope envelope, CommandResult result) {
        String type = CommandType.named(envelope.type()).map(Enum::name).orElse("unknown");
        meters.counter("lethe.commands", "type", type, "status", result.status().name(),
                "code", result.code() == null ? "none" : result.code().name()).increment();
        return result;
    }
}
