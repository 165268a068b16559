package dev.lethe.command.transaction;

import dev.lethe.shredding.TransactionBinding;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Joins the key vault to the Spring-managed transaction of the command being handled, if there is one. */
public final class SpringTransactionBinding implements TransactionBinding {

    private final DataSource dataSource;

    public SpringTransactionBinding(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public <T> Optional<T> inCurrentTransaction(SqlWork<T> work) throws SQLException {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            return Optional.empty();
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            return Optional.of(work.apply(connection));
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    @Override
    public void afterCommit(Runnable action) {
        // inside a transaction only (the vault asks after joining one); not kept if the command's savepoint is undone
        AfterCommit.run(action);
    }
}
