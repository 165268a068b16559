package dev.lethe.command.ingress.transport;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.axonframework.common.AxonTransientException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells failures by their cause: worth retrying (the database or broker is away or busy, or the transaction lost a
 * race) or a defect (retrying the same record cannot help). The SQLState decides where the database gave one: a
 * data exception (class 22) or a constraint violation (class 23) on our own row happens again on every retry, so
 * it is a defect, even though Spring and JDBC class every database error alike as a data access failure; a unique
 * violation alone is a lost race, retried.
 */
final class Failures {

    /** Connection (08), rollback by the server: serialization failure or deadlock (40), resources (53),
     *  operator intervention: statement timeout, shutdown (57), system errors (58). */
    private static final Set<String> TRANSIENT_SQL_CLASSES = Set.of("08", "40", "53", "57", "58");
    /**
     * lock_not_available: a lock timeout, someone else held the row. unique_violation: a concurrent transaction
     * claimed the same key first (two registrations of one person on two partitions, two appends to one customer);
     * the retry sees the winner's row and decides accordingly. One that is not a race fails every retry and is given
     * up once they are spent.
     */
    private static final Set<String> TRANSIENT_SQL_STATES = Set.of("55P03", "23505");
    /** The server is not there: connection lost (08), shutting down or starting (57P01-57P03), no free slot. */
    private static final Set<String> UNREACHABLE_SQL_STATES = Set.of("57P01", "57P02", "57P03", "53300");

    private Failures() {
    }

    /** Worth retrying: the same record may well succeed next time. */
    static boolean isTransient(Throwable failure) {
        if (causedBy(failure, AxonTransientException.class)) {
            // e.g. a concurrent command appended to the same customer first: the retry sees its events
            return true;
        }
        String state = sqlState(failure);
        if (state != null) {
            return state.length() == 5 && (TRANSIENT_SQL_CLASSES.contains(state.substring(0, 2))
                    || TRANSIENT_SQL_STATES.contains(state));
        }
        return isUnreachable(failure)
                || causedBy(failure, TransientDataAccessException.class)
                || causedBy(failure, RecoverableDataAccessException.class)
                || causedBy(failure, TransactionException.class)
                || causedBy(failure, SQLTransientException.class)
                || causedBy(failure, org.apache.kafka.common.KafkaException.class)
                || causedBy(failure, org.springframework.kafka.KafkaException.class);
    }

    /**
     * The database or broker cannot be reached at all. Then nothing can be logged or answered, and a record is not
     * given up however long that lasts: giving up means logging and sending an answer.
     */
    static boolean isUnreachable(Throwable failure) {
        String state = sqlState(failure);
        if (state != null && (state.startsWith("08") || UNREACHABLE_SQL_STATES.contains(state))) {
            return true;
        }
        return causedBy(failure, DataAccessResourceFailureException.class)
                || causedBy(failure, CannotCreateTransactionException.class)
                || causedBy(failure, SQLTransientConnectionException.class)
                || causedBy(failure, SQLRecoverableException.class)
                || causedBy(failure, org.apache.kafka.common.errors.RetriableException.class)
                || causedBy(failure, java.util.concurrent.TimeoutException.class);
    }

    /**
     * For logs and dead-letter headers: the root cause's type and SQLState, never a message (messages of library
     * exceptions may quote the input, which may be personal data).
     */
    static String describe(Throwable failure) {
        List<Throwable> causes = causes(failure);
        Throwable root = causes.get(causes.size() - 1);
        String state = sqlState(failure);
        return state == null ? root.getClass().getName() : root.getClass().getName() + " (SQLState " + state + ")";
    }

    /** The SQLState of the innermost SQL exception that has one: the database's own word on what went wrong. */
    private static String sqlState(Throwable failure) {
        String state = null;
        for (Throwable cause : causes(failure)) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                state = sql.getSQLState();
            }
        }
        return state;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        return causes(failure).stream().anyMatch(type::isInstance);
    }

    /**
     * The failure and its causes, outermost first. A rollback that failed after the work failed (the connection was
     * gone) hides the work's failure in {@link TransactionSystemException#getApplicationException()}; it is the first
     * cause, so it comes last, as the innermost.
     */
    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> causes = new ArrayList<>();
        List<Throwable> hidden = new ArrayList<>();
        for (Throwable cause = failure; cause != null && !causes.contains(cause); cause = cause.getCause()) {
            causes.add(cause);
            if (cause instanceof TransactionSystemException rollback && rollback.getApplicationException() != null) {
                hidden.add(rollback.getApplicationException());
            }
        }
        for (Throwable first : hidden) {
            for (Throwable cause = first; cause != null && !causes.contains(cause); cause = cause.getCause()) {
                causes.add(cause);
            }
        }
        return causes;
    }
}
