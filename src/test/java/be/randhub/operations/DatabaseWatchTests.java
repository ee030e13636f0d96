package be.randhub.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLTransientConnectionException;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
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
    void anExchangeFailedOnTheDatabaseIsRecognisedBeforeAndAfterItsErrorHandlerCaughtTheFailure() {
        Exchange failing = new DefaultExchange(new DefaultCamelContext());
        failing.setException(new CannotCreateTransactionException("could not open a connection"));
        Exchange caught = new DefaultExchange(new DefaultCamelContext());
        caught.setProperty(Exchange.EXCEPTION_CAUGHT, new CannotGetJdbcConnectionException("pool timed out"));
        Exchange refused = new DefaultExchange(new DefaultCamelContext());
        refused.setProperty(Exchange.EXCEPTION_CAUGHT, new DuplicateKeyException("documentId taken"));

        assertThat(DatabaseWatch.failedUnreachable(failing)).isTrue();
        assertThat(DatabaseWatch.failedUnreachable(caught)).isTrue();
        assertThat(DatabaseWatch.failedUnreachable(refused)).isFalse();
        assertThat(DatabaseWatch.failedUnreachable(new DefaultExchange(new DefaultCamelContext()))).isFalse();
    }

    @Test
    void aRefusalByAReachableDatabaseIsNotAnOutage() {
        assertThat(DatabaseWatch.unreachable(new DuplicateKeyException("documentId taken"))).isFalse();
        assertThat(DatabaseWatch.unreachable(new DataIntegrityViolationException("too long"))).isFalse();
        assertThat(DatabaseWatch.unreachable(new IllegalStateException("a bug"))).isFalse();
        assertThat(DatabaseWatch.unreachable(null)).isFalse();
    }
}
