package dev.lethe.shredding;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Lets the key vault take part in the caller's database transaction without depending on a transaction
 * framework. A data key created while storing the first event about a person is then written in the same
 * transaction as that event: one commit instead of two, and no key without its event or event without its
 * key. The key is cached only after that transaction committed, so a rolled-back key is never used again.
 */
public interface TransactionBinding {

    /** No caller transaction: every key is created in a short transaction of its own. */
    TransactionBinding NONE = new TransactionBinding() {
        @Override
        public <T> Optional<T> inCurrentTransaction(SqlWork<T> work) {
            return Optional.empty();
        }

        @Override
        public void afterCommit(Runnable action) {
            throw new IllegalStateException("no transaction to wait for");
        }
    };

    /**
     * Runs {@code work} on the connection of the transaction active on this thread.
     *
     * @return the work's result, or empty (without running it) when no transaction is active
     */
    <T> Optional<T> inCurrentTransaction(SqlWork<T> work) throws SQLException;

    /** Runs {@code action} once the transaction active on this thread has committed; never if it rolls back. */
    void afterCommit(Runnable action);

    @FunctionalInterface
    interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }
}
