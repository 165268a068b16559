package dev.lethe.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.shredding.KeyVaultException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.CannotCreateTransactionException;

class FailuresTest {

    @Test
    void aRetriedFailureIsDescribedByItsCausesAndSqlStateNeverByTheirMessages() {
        var failure = new DataIntegrityViolationException("Key (email)=(erika@example.org) is not present",
                new SQLException("Key (email)=(erika@example.org) is not present", "23503"));

        String description = Failures.describe(failure);

        assertThat(description).isEqualTo("org.springframework.dao.DataIntegrityViolationException"
                + " <- java.sql.SQLException[SQLState 23503]");
        assertThat(description).doesNotContain("erika");
    }

    @Test
    void aConstraintViolationOrAnUnprojectableEventIsDeterministicWhereverItIsInTheChain() {
        var violation = new DataIntegrityViolationException("x", new SQLException("x", "23505"));
        var undecodable = new UnprojectableEvent(ParkReason.UNKNOWN_EVENT_TYPE, "event type is not a class");

        assertThat(Failures.parkReason(wrapped(violation))).contains(ParkReason.CONSTRAINT_VIOLATION);
        assertThat(Failures.parkReason(wrapped(undecodable))).contains(ParkReason.UNKNOWN_EVENT_TYPE);
        assertThat(Failures.isTransient(wrapped(violation))).isFalse();
    }

    @Test
    void whatTheErrorHandlerSeesIsClassifiedOnceAndCarriesNoMessageOfTheDatabase() {
        var violation = new DataIntegrityViolationException("Key (email)=(erika@example.org) already exists",
                new SQLException("Key (email)=(erika@example.org) already exists", "23505"));

        ProjectionFailure failure = ProjectionFailure.of("customer-view", violation);

        assertThat(failure).isInstanceOf(ProjectionFailure.Deterministic.class);
        assertThat(failure.getCause()).as("the container logs causes; a database message may quote personal data")
                .isNull();
        assertThat(failure.getMessage()).contains("SQLState 23505").doesNotContain("erika");
        assertThat(ProjectionFailure.of("customer-view", new CannotGetJdbcConnectionException("down")))
                .isNotInstanceOf(ProjectionFailure.Deterministic.class)
                .satisfies(transientFailure -> assertThat(transientFailure.isTransient()).isTrue());
    }

    @Test
    void aDatabaseOrKeyVaultThatCannotBeReachedIsTransient() {
        assertThat(Failures.isTransient(wrapped(new CannotCreateTransactionException("no connection",
                new SQLTransientConnectionException("timeout"))))).isTrue();
        assertThat(Failures.isTransient(wrapped(new CannotGetJdbcConnectionException("no connection")))).isTrue();
        assertThat(Failures.isTransient(wrapped(new IllegalStateException("wrapped",
                new SQLException("terminating connection due to administrator command", "57P01"))))).isTrue();
        assertThat(Failures.isTransient(wrapped(new KeyVaultException("could not read the data key",
                new SQLException("connection refused", "08001"))))).isTrue();
        assertThat(Failures.parkReason(wrapped(new CannotGetJdbcConnectionException("no connection")))).isEmpty();
    }

    @Test
    void anUnclassifiedFailureIsNeitherSoItGetsBoundedRetries() {
        var defect = wrapped(new NullPointerException());

        assertThat(Failures.isTransient(defect)).isFalse();
        assertThat(Failures.parkReason(defect)).isEmpty();
    }

    /** As the error handler sees it: the listener's batch failure around the projection's failure. */
    private static Exception wrapped(Throwable cause) {
        return new BatchListenerFailedException("event 3 failed", ProjectionFailure.of("customer-view", cause), 3);
    }
}
