package dev.lethe.command.ingress.processing;

import java.util.function.Supplier;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * One Axon root unit of work for a batch's commands, inside the batch's database transaction, so that the events of
 * all its commands are appended with one JDBC batch when it commits (and the {@code customer-activity} handlers see
 * them together), instead of one append per command. Each command runs in a unit of work of its own nested in the
 * root: Axon hands a nested unit of work's events to its parent only when it commits, so a command that fails
 * leaves no event behind, even one whose second send (a registration's consent) failed after its first succeeded.
 *
 * <p>What it cannot undo in memory: Axon forgets an aggregate a failed command touched, also one an earlier command
 * of this root changed, and would then reload it from the store, where that earlier command's events are not yet.
 * So after a failed command the root is committed (its events appended, in the same database transaction) and a new
 * one begins: the next command on that customer finds the earlier events stored. The same happens around commands
 * that change what lies outside the store ({@link CommandProcessor}): an erasure destroys keys the earlier commands'
 * events must be encrypted with first.
 *
 * <p>Confined to the thread that decides the batch, like Axon's units of work.
 */
final class BatchUnitOfWork {

    private UnitOfWork<?> root;

    private BatchUnitOfWork() {
    }

    static BatchUnitOfWork start() {
        BatchUnitOfWork batch = new BatchUnitOfWork();
        batch.root = begin("command-batch");
        return batch;
    }

    /**
     * Runs one command in a unit of work nested in the root: its events join the root's when it succeeds; when it
     * fails they are dropped and the root is committed before the failure is passed on, see above.
     */
    <T> T command(Supplier<T> work) {
        UnitOfWork<?> command = begin("command");
        T result;
        try {
            result = work.get();
        } catch (RuntimeException | Error failure) {
            if (command.isActive()) {
                command.rollback(failure);
            }
            throw failure;
        }
        command.commit();
        return result;
    }

    /** Appends what the root holds (same database transaction) and begins a new root. */
    void flush() {
        commit();
        root = begin("command-batch");
    }

    void commit() {
        root.commit();
    }

    /** The batch failed: its events are dropped with the database transaction. */
    void rollback(Throwable cause) {
        // a root whose commit failed has rolled itself back already
        if (root.isActive() && CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get() == root) {
            root.rollback(cause);
        }
    }

    private static UnitOfWork<?> begin(String name) {
        return DefaultUnitOfWork.startAndGet(new GenericMessage<>(name));
    }
}
