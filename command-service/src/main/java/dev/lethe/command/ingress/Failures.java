package dev.lethe.command.ingress;

import java.sql.SQLException;
import org.axonframework.common.AxonTransientException;
import org.axonframework.common.jdbc.JdbcException;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

/** Tells failures worth retrying (the database or broker is away) from defects (retrying cannot help). */
final class Failures {

    private Failures() {
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessException || cause instanceof TransactionException
                    || cause instanceof SQLException || cause instanceof JdbcException
                    || cause instanceof AxonTransientException
                    || cause instanceof org.apache.kafka.common.KafkaException
                    || cause instanceof org.springframework.kafka.KafkaException) {
                return true;
            }
        }
        return false;
    }
}
