package be.randhub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures mean "the database cannot be reached" (hold the documents) and which are the document's own. */
class DatabaseFailuresTests {

    @Test
    void aDatabaseOutOfReachIsRecognisedHoweverDeepTheCause() {
        assertThat(DatabaseFailures.unreachable(new CannotGetJdbcConnectionException("pool timed out",
                new SQLTransientConnectionException("connection is not available")))).isTrue();
        assertThat(DatabaseFailures.unreachable(new CamelExecutionException("intake failed", null,
                new CannotCreateTransactionException("could not open a connection")))).isTrue();
        assertThat(DatabaseFailures.unreachable(new RuntimeException("wrapped", new SQLTransientConnectionException("gone")))).isTrue();
    }

    @Test
    void aConnectionExceptionByItsSqlStateIsAnOutage() {
        assertThat(DatabaseFailures.unreachable(new TransactionSystemException("JDBC rollback failed",
                new SQLException("An I/O error occurred while sending to the backend", "08006")))).isTrue();
        assertThat(DatabaseFailures.unreachable(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(DatabaseFailures.unreachable(new SQLException("no state"))).isFalse();
    }

    @Test
    void aRefusalByAReachableDatabaseIsNotAnOutage() {
        assertThat(DatabaseFailures.unreachable(new DuplicateKeyException("documentId taken"))).isFalse();
        assertThat(DatabaseFailures.unreachable(new DataIntegrityViolationException("too long"))).isFalse();
        assertThat(DatabaseFailures.unreachable(new IllegalStateException("a bug"))).isFalse();
        assertThat(DatabaseFailures.unreachable(null)).isFalse();
    }
}
