package be.randhub.config;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The hub's connection pool, wrapped: while the database is known to be away (the database watch says so), a
 * connection is refused at once instead of after the pool's connection timeout. No HTTP request, login or route
 * step then waits seconds for a database that is not there, and no thread is tied up doing so. The watch's own
 * probe still goes through, and says when the database is back. A rollback on a connection the database dropped
 * is not attempted in vain: the failure that dropped it is the one reported (and the one the watch recognises).
 * <p>
 * It also counts the transactions committed through it, {@code hub_database_commits_total}: {@code kind=transaction}
 * for each {@link Connection#commit()} (an empty one included), {@code kind=auto-commit} for each statement that
 * may write run in auto-commit mode (an update, a batch, an {@code execute} that returned no result set).
 */
public class FailFastDataSource extends DelegatingDataSource {

    private final ThreadLocal<Boolean> probing = ThreadLocal.withInitial(() -> false);
    private volatile boolean away;
    private final LongAdder commits = new LongAdder();
    private final LongAdder autoCommits = new LongAdder();

    public FailFastDataSource(DataSource pool) {
        super(pool);
    }

    /** From now on, refuse connections at once (away) or hand them out again. */
    public void away(boolean away) {
        this.away = away;
    }

    /** Runs the watch's probe, which gets its connection from the pool however long that takes. */
    public <T> T probe(Supplier<T> probe) {
        probing.set(true);
        try {
            return probe.get();
        } finally {
            probing.remove();
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        refuseWhileAway();
        return counted(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        refuseWhileAway();
        return counted(super.getConnection(username, password));
    }

    private void refuseWhileAway() throws SQLException {
        if (away && !probing.get()) {
            throw new SQLTransientConnectionException("the database cannot be reached; the hub tries it every second");
        }
    }

    // ---------------------------------------------------------------- counting commits

    private Connection counted(Connection connection) throws SQLException {
        return (Connection) Proxy.newProxyInstance(FailFastDataSource.class.getClassLoader(), new Class<?>[] {Connection.class},
                new CountingConnection(connection, connection.getAutoCommit()));
    }

    /** A connection that counts its commits, and the writing statements it runs in auto-commit mode. */
    private final class CountingConnection implements InvocationHandler {

        private final Connection target;
        private boolean autoCommit;

        CountingConnection(Connection target, boolean autoCommit) {
            this.target = target;
            this.autoCommit = autoCommit;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
            switch (method.getName()) {
                case "equals" -> {
                    return proxy == arguments[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "unwrap" -> {
                    if (((Class<?>) arguments[0]).isInstance(proxy)) {
                        return proxy;
                    }
                }
                default -> {
                }
            }
            if ("rollback".equals(method.getName()) && (arguments == null || arguments.length == 0)) {
                return rollback(target);
            }
            Object result = call(target, method, arguments);
            switch (method.getName()) {
                case "commit" -> commits.increment();
                case "setAutoCommit" -> autoCommit = (Boolean) arguments[0];
                case "createStatement", "prepareStatement", "prepareCall" -> {
                    Class<?> type = method.getReturnType();
                    return Proxy.newProxyInstance(FailFastDataSource.class.getClassLoader(), new Class<?>[] {type},
                            new CountingStatement((Statement) result, (Connection) proxy, this));
                }
                default -> {
                }
            }
            return result;
        }
    }

    /** A statement that counts what it runs in auto-commit mode that may write. */
    private final class CountingStatement implements InvocationHandler {

        private final Statement target;
        private final Connection connection;
        private final CountingConnection state;

        CountingStatement(Statement target, Connection connection, CountingConnection state) {
            this.target = target;
            this.connection = connection;
            this.state = state;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
            switch (method.getName()) {
                case "equals" -> {
                    return proxy == arguments[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "getConnection" -> {
                    return connection;
                }
                default -> {
                }
            }
            Object result = call(target, method, arguments);
            if (state.autoCommit) {
                switch (method.getName()) {
                    case "executeUpdate", "executeLargeUpdate", "executeBatch", "executeLargeBatch" -> autoCommits.increment();
                    case "execute" -> {
                        if (!(Boolean) result) {
                            autoCommits.increment();
                        }
                    }
                    default -> {
                    }
                }
            }
            return result;
        }
    }

    /**
     * Rolls back, unless the connection is gone: a server ends a transaction whose connection went away, so nothing is
     * left to undo, and the failure that broke the connection (not this one) says what happened.
     */
    private static Object rollback(Connection target) throws SQLException {
        try {
            target.rollback();
        } catch (SQLException failure) {
            if (!DatabaseFailures.connectionGone(failure) && !closed(target)) {
                throw failure;
            }
        }
        return null;
    }

    /** Whether the pool closed the connection (it does so once the database dropped it). */
    private static boolean closed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException unknown) {
            return false;
        }
    }

    private static Object call(Object target, Method method, Object[] arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Wraps the application's DataSource as it is created. */
    @Configuration(proxyBeanMethods = false)
    static class Wrapping {

        @Bean
        static BeanPostProcessor failFastDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource pool && !(bean instanceof FailFastDataSource) && "dataSource".equals(name)
                            ? new FailFastDataSource(pool) : bean;
                }
            };
        }

        /** {@code hub_database_commits_total}, registered once. */
        @Bean
        MeterBinder databaseCommits(ObjectProvider<DataSource> dataSource) {
            return registry -> {
                if (dataSource.getIfUnique() instanceof FailFastDataSource counted) {
                    FunctionCounter.builder("hub.database.commits", counted.commits, LongAdder::sum).tag("kind", "transaction")
                            .description("Database transactions committed").register(registry);
                    FunctionCounter.builder("hub.database.commits", counted.autoCommits, LongAdder::sum).tag("kind", "auto-commit")
                            .description("Database transactions committed").register(registry);
                }
            };
        }
    }
}
