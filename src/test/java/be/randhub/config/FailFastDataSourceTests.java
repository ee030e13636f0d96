package be.randhub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * hub_database_commits_total counts what the database commits: transactions, and writes in auto-commit mode; a
 * transaction on a connection the database dropped reports the drop.
 */
class FailFastDataSourceTests {

    @Test
    void countsCommittedTransactionsAndAutoCommittedWrites() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:commits;DB_CLOSE_DELAY=-1");
        FailFastDataSource dataSource = new FailFastDataSource(h2);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new FailFastDataSource.Wrapping().databaseCommits(new org.springframework.beans.factory.support.StaticListableBeanFactory(
                java.util.Map.of("dataSource", dataSource)).getBeanProvider(javax.sql.DataSource.class)).bindTo(registry);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        TransactionTemplate transaction = new TransactionTemplate(new JdbcTransactionManager(dataSource));

        jdbc.execute("CREATE TABLE t (id INT)");                                    // auto-commit: 1
        jdbc.update("INSERT INTO t VALUES (1)");                                     // auto-commit: 2
        jdbc.queryForObject("SELECT COUNT(*) FROM t", Integer.class);                // a read: not counted
        transaction.executeWithoutResult(status -> {                                 // one transaction: 1
            jdbc.update("INSERT INTO t VALUES (2)");
            jdbc.batchUpdate("INSERT INTO t VALUES (3)", "INSERT INTO t VALUES (4)");
        });
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES (?)")) {
                insert.setInt(1, 5);
                insert.executeUpdate();
                assertThat(insert.getConnection()).isSameAs(connection);
            }
            connection.rollback();                                                   // rolled back: not counted
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO t VALUES (6)");               // auto-commit: 3
            }
        }

        assertThat(registry.get("hub.database.commits").tag("kind", "transaction").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("hub.database.commits").tag("kind", "auto-commit").functionCounter().count()).isEqualTo(3);
    }

    @Test
    void aTransactionWhoseConnectionTheDatabaseDroppedReportsTheDropNotTheRollbackThatCouldNotBeSent() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:dropped;DB_CLOSE_DELAY=-1");
        // as the pool does when the database drops a connection: the statement fails with a connection exception,
        // the pool closes the connection, and a rollback on it fails because it is closed (without an SQL state)
        boolean[] dropped = {false};
        DataSource dropping = new DelegatingDataSource(h2) {
            @Override
            public Connection getConnection() throws SQLException {
                Connection real = super.getConnection();
                return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {Connection.class}, (proxy, method, arguments) -> switch (method.getName()) {
                            case "prepareStatement", "createStatement" -> {
                                dropped[0] = true;
                                throw new SQLException("An I/O error occurred while sending to the backend", "08006");
                            }
                            case "rollback" -> throw new SQLException("Connection is closed");
                            case "isClosed" -> dropped[0];
                            default -> method.invoke(real, arguments);
                        });
            }
        };
        FailFastDataSource dataSource = new FailFastDataSource(dropping);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        TransactionTemplate transaction = new TransactionTemplate(new JdbcTransactionManager(dataSource));

        Throwable failure = catchThrowable(() -> transaction.executeWithoutResult(
                status -> jdbc.update("INSERT INTO t VALUES (1)")));

        assertThat(failure).isInstanceOf(DataAccessResourceFailureException.class)
                .hasMessageContaining("I/O error");
        assertThat(DatabaseFailures.unreachable(failure)).isTrue();
    }
}
