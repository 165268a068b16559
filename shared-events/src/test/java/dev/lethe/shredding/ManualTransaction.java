package dev.lethe.shredding;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A caller transaction driven by hand, as a transaction manager would drive it. */
final class ManualTransaction implements TransactionBinding {

    private final Connection connection;
    private final List<Runnable> afterCommit = new ArrayList<>();

    ManualTransaction(Connection connection) {
        this.connection = connection;
    }

    @Override
    public <T> Optional<T> inCurrentTransaction(SqlWork<T> work) throws SQLException {
        return Optional.of(work.apply(connection));
    }

    @Override
    public void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    void committed() {
        afterCommit.forEach(Runnable::run);
        afterCommit.clear();
    }

    void rolledBack() {
        afterCommit.clear();
    }
}
