package be.randhub.cluster;

import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import io.micrometer.core.instrument.MeterRegistry;

import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;

/**
 * What lets several hub instances on one database behave as one: locks in the shared database (ShedLock, table
 * {@value #LOCK_TABLE}) for what must happen once across instances, and the instance's name on its metrics and
 * in {@code /actuator/info}.
 */
@Configuration(proxyBeanMethods = false)
public class ClusterConfiguration {

    /** ShedLock's table (Flyway: V9__cluster.sql). */
    public static final String LOCK_TABLE = "shedlock";

    /**
     * Locks in the shared database, timed by the database's clock (instances' clocks may differ); a failure to
     * reach the database is thrown (as any step's would be), not logged and taken for "locked elsewhere".
     */
    @Bean
    LockProvider lockProvider(JdbcTemplate jdbc, HubInstance instance) {
        return lockProvider(jdbc, instance.name());
    }

    public static LockProvider lockProvider(JdbcTemplate jdbc, String lockedBy) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(jdbc)
                .withTableName(LOCK_TABLE)
                .withLockedByValue(lockedBy)
                .usingDbTime()
                .withThrowUnexpectedException(true)
                .build());
    }

    @Bean
    LockingTaskExecutor lockingTaskExecutor(LockProvider lockProvider) {
        return new DefaultLockingTaskExecutor(lockProvider);
    }

    @Bean
    MeterRegistryCustomizer<MeterRegistry> instanceTag(HubInstance instance) {
        return registry -> registry.config().commonTags(HubInstance.TAG, instance.name());
    }

    @Bean
    InfoContributor instanceInfo(HubInstance instance) {
        return info -> info.withDetail(HubInstance.TAG, instance.name());
    }
}
