package be.randhub.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLTransientConnectionException;

import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/** Which failures mean "the database cannot be reached" (hold the documents) and which are the document's own. */
class DatabaseWatchTests {

    @Test
    void aDatabaseOutOfReachIsRecognisedHoweverDeepTheCause() {
        assertThat(DatabaseWatch.unreachable(new CannotGetJdbcConnectionException("pool timed out",
                new SQLTransientConnectionException("connection is not available")))).isTrue();
        assertThat(DatabaseWatch.unreachable(new CamelExecutionException("intake failed", null,
                new CannotCreateTransactionException("could not open a connection")))).isTrue();
        assertThat(DatabaseWatch.unreachable(new RuntimeException("wrapped", new SQLTransientConnectionException("gone")))).isTrue();
    }

    @Test
    void aRefusalByAReachableDatabaseIsNotAnOutage() {
        assertThat(DatabaseWatch.unreachable(new DuplicateKeyException("documentId taken"))).isFalse();
        assertThat(DatabaseWatch.unreachable(new DataIntegrityViolationException("too long"))).isFalse();
        assertThat(DatabaseWatch.unreachable(new IllegalStateException("a bug"))).isFalse();
        assertThat(DatabaseWatch.unreachable(null)).isFalse();
    }
}
