package dev.lethe.command.transaction;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs an action once the work that asked for it is committed: metrics count what happened, and the key cache
 * holds only keys whose rows exist. The ingress decides a whole batch of commands in one transaction with a
 * savepoint per command, so "committed" means two things here: the outer transaction commits, and the savepoint
 * the action was registered in was not rolled back (a rejected command's key or count must not survive it).
 */
public final class AfterCommit {

    private AfterCommit() {
    }

    public static void run(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new UnlessRolledBackToSavepoint(action));
    }

    /**
     * Spring tells every registered synchronization about each savepoint created and each rollback to one. A
     * rollback to a savepoint this action did not see being created means the action was registered after it,
     * so its work was undone.
     */
    private static final class UnlessRolledBackToSavepoint implements TransactionSynchronization {

        private final Runnable action;
        private final Set<Object> olderSavepoints = Collections.newSetFromMap(new IdentityHashMap<>());
        private boolean undone;

        private UnlessRolledBackToSavepoint(Runnable action) {
            this.action = action;
        }

        @Override
        public void savepoint(Object savepoint) {
            olderSavepoints.add(savepoint);
        }

        @Override
        public void savepointRollback(Object savepoint) {
            if (!olderSavepoints.contains(savepoint)) {
                undone = true;
            }
        }

        @Override
        public void afterCommit() {
            if (!undone) {
                action.run();
            }
        }
    }
}
