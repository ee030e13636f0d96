package be.randhub.config;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;

import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * Tells the connection pool to drop a connection whose link to the database broke, whatever the driver's error
 * code: H2 over TCP reports a lost server as "database is already closed" (state 90121), which the pool would
 * otherwise keep handing out until it had sat idle long enough to be checked. PostgreSQL's 08xxx states are
 * dropped anyway. Set as {@code spring.datasource.hikari.exception-override-class-name}.
 */
public class BrokenDatabaseConnections implements SQLExceptionOverride {

    @java.lang.Override
    public Override adjudicate(SQLException failure) {
        return failure instanceof SQLNonTransientConnectionException || failure instanceof SQLRecoverableException
                ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
    }
}
