package be.randhub.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The hub's connection pool, wrapped: while the database is known to be away (the database watch says so), a
 * connection is refused at once instead of after the pool's connection timeout. No HTTP request, login or route
 * step then waits seconds for a database that is not there, and no thread is tied up doing so. The watch's own
 * probe still goes through, and says when the database is back.
 */
public class FailFastDataSource extends DelegatingDataSource {

    private final ThreadLocal<Boolean> probing = ThreadLocal.withInitial(() -> false);
    private volatile boolean away;

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
        return super.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        refuseWhileAway();
        return super.getConnection(username, password);
    }

    private void refuseWhileAway() throws SQLException {
        if (away && !probing.get()) {
            throw new SQLTransientConnectionException("the database cannot be reached; the hub tries it every second");
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
    }
}
