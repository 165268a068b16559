package dev.lethe.query.projection;

import dev.lethe.shredding.KeyVaultException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Classifies why an event could not be applied, by the types and SQL states in its cause chain:
 * <ul>
 * <li><b>deterministic</b> ({@link #parkReason}): the same event fails the same way again; park it at once;</li>
 * <li><b>transient</b> ({@link #isTransient}): the database or key vault is away, a lock timed out; retry with
 * capped back-off for as long as it takes;</li>
 * <li>anything else: a few bounded retries, then park as {@link ParkReason#APPLY_FAILED}.</li>
 * </ul>
 */
public final class Failures {

    /** SQL state classes of a connection problem, of resources, of an operator (admin shutdown), of contention. */
    private static final Set<String> TRANSIENT_SQL_STATE_CLASSES = Set.of("08", "53", "57", "40");

    private Failures() {
    }

    /** The reason to park at once, if the failure is deterministic. */
    public static Optional<ParkReason> parkReason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProjectionFailure classified) {
                return classified.reason();
            }
            if (cause instanceof UnprojectableEvent unprojectable) {
                return Optional.of(unprojectable.reason());
            }
            if (cause instanceof DataIntegrityViolationException) {
                return Optional.of(ParkReason.CONSTRAINT_VIOLATION);
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return Optional.of(ParkReason.CONSTRAINT_VIOLATION);
            }
        }
        return Optional.empty();
    }

    /** Whether waiting can cure it: the database, the broker or the key vault is unreachable or contended. */
    public static boolean isTransient(Throwable failure) {
        if (parkReason(failure).isPresent()) {
            return false;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProjectionFailure classified) {
                return classified.isTransient();
            }
            if (cause instanceof TransientDataAccessException || cause instanceof RecoverableDataAccessException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof PessimisticLockingFailureException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof TransactionSystemException
                    || cause instanceof SQLTransientException || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2
                    && TRANSIENT_SQL_STATE_CLASSES.contains(sql.getSQLState().substring(0, 2))) {
                return true;
            }
            // the key vault wraps the SQLException of a database it could not reach
            if (cause instanceof KeyVaultException && cause.getCause() instanceof SQLException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The causes' types and SQL states, not their messages: a database message can quote the row it refused,
     * which may be personal data. A reason code of ours is shown, its message (ours, value-free) too.
     */
    public static String describe(Throwable failure) {
        List<String> causes = new ArrayList<>();
        for (Throwable cause = failure; cause != null && causes.size() < 8; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                causes.add(cause.getClass().getName() + "[SQLState " + sql.getSQLState() + "]");
            } else if (cause instanceof UnprojectableEvent || cause instanceof ProjectionFailure) {
                // ours: value-free by construction
                causes.add(cause instanceof UnprojectableEvent unprojectable
                        ? unprojectable.reason() + "[" + unprojectable.getMessage() + "]" : cause.getMessage());
            } else {
                causes.add(cause.getClass().getName());
            }
        }
        return String.join(" <- ", causes);
    }
}
