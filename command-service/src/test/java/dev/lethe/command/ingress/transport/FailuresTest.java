package dev.lethe.command.ingress.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.kafka.KafkaException;
import org.springframework.transaction.TransactionTimedOutException;

class FailuresTest {

    @ParameterizedTest(name = "SQLState {0}: transient {1}, unreachable {2}")
    @CsvSource({
            "23502, false, false", // not_null_violation: the command log's NOT NULL on a type-less record
            "23505, true, false",  // unique_violation: a concurrent transaction claimed the key first; the retry sees it
            "23514, false, false", // check_violation
            "22001, false, false", // string_data_right_truncation
            "42703, false, false", // undefined_column: a defect of ours
            "P0001, false, false", // raise_exception
            "40001, true, false",  // serialization_failure
            "40P01, true, false",  // deadlock_detected
            "55P03, true, false",  // lock_not_available
            "57014, true, false",  // query_canceled: the statement or transaction timed out
            "08006, true, true",   // connection_failure
            "57P01, true, true",   // admin_shutdown
            "53300, true, true"})  // too_many_connections
    void aDatabaseFailureIsClassedByItsSqlState(String state, boolean isTransient, boolean unreachable) {
        // as Spring hands it over: a translated exception around the driver's
        var failure = new UncategorizedSQLException("insert", "INSERT …", new PSQLException(
                new ServerErrorMessage("SERROR\0C" + state + "\0Minjected\0")));

        assertThat(Failures.isTransient(failure)).isEqualTo(isTransient);
        assertThat(Failures.isUnreachable(failure)).isEqualTo(unreachable);
        assertThat(Failures.describe(failure)).isEqualTo("org.postgresql.util.PSQLException (SQLState " + state + ")");
    }

    @Test
    void aConstraintViolationOnOurOwnRowIsADefectWhateverSpringCallsIt() {
        var failure = new DataIntegrityViolationException("insert", new SQLException("null value", "23502"));

        assertThat(Failures.isTransient(failure)).isFalse();
    }

    @Test
    void anotherCommandAppendingToTheSameCustomerFirstIsTransientThoughTheStoreReportsAUniqueViolation() {
        var failure = new ConcurrencyException("sequence taken", new SQLException("duplicate key", "23505"));

        assertThat(Failures.isTransient(failure)).isTrue();
        assertThat(Failures.isUnreachable(failure)).isFalse();
    }

    @Test
    void noConnectionIsUnreachable() {
        var failure = new CannotGetJdbcConnectionException("no connection",
                new SQLTransientConnectionException("pool timed out"));

        assertThat(Failures.isTransient(failure)).isTrue();
        assertThat(Failures.isUnreachable(failure)).isTrue();
    }

    @Test
    void aLostConnectionHiddenByTheRollbackThatFailedAfterItIsStillUnreachable() {
        var lost = new UncategorizedSQLException("insert", "INSERT …", new SQLException("gone", "08006"));
        var rollback = new org.springframework.transaction.TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollback.initApplicationException(lost);

        assertThat(Failures.isUnreachable(rollback)).isTrue();
        assertThat(Failures.describe(rollback)).isEqualTo("java.sql.SQLException (SQLState 08006)");
    }

    @Test
    void aTransactionTimeoutIsTransientButTheDatabaseIsThere() {
        var failure = new TransactionTimedOutException("deadline passed");

        assertThat(Failures.isTransient(failure)).isTrue();
        assertThat(Failures.isUnreachable(failure)).isFalse();
    }

    @Test
    void aBrokerThatDoesNotAnswerIsUnreachableButARecordItRefusesIsNot() {
        var timeout = new KafkaException("not acknowledged",
                new org.apache.kafka.common.errors.TimeoutException("expired"));
        var tooLarge = new KafkaException("refused", new RecordTooLargeException("too large"));

        assertThat(Failures.isUnreachable(timeout)).isTrue();
        assertThat(Failures.isTransient(tooLarge)).isTrue();
        assertThat(Failures.isUnreachable(tooLarge)).isFalse();
    }

    @Test
    void aFailureOfOurOwnCodeIsADefect() {
        assertThat(Failures.isTransient(new NullPointerException())).isFalse();
        assertThat(Failures.isTransient(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void theDescriptionNamesTypesNeverMessages() {
        var failure = new IllegalStateException("Erika Mustermann", new PSQLException("erika@example.org",
                PSQLState.UNIQUE_VIOLATION));

        assertThat(Failures.describe(failure)).isEqualTo("org.postgresql.util.PSQLException (SQLState 23505)")
                .doesNotContain("Erika", "erika");
    }
}
