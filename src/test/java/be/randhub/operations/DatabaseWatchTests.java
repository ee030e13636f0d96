package be.randhub.operations;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/** An exchange that failed on an unreachable database, before or after its error handler caught the failure. */
class DatabaseWatchTests {

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
}
