package be.randhub.operations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Session;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.util.unit.DataSize;

import be.randhub.config.DataDirectory;

/**
 * What readiness checks beside the database: the broker answers, every route runs (or was suspended by an
 * operator), and the data directory is writable with enough free space.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class OperationsHealth {

    /**
     * {@code hub.health.*}
     *
     * @param minFreeSpace readiness goes down when the data directory's disk has less free space than this
     */
    @ConfigurationProperties("hub.health")
    record HealthProperties(@DefaultValue("1GB") DataSize minFreeSpace) {
    }

    @Bean
    HealthIndicator brokerHealthIndicator(ConnectionFactory connectionFactory) {
        return () -> {
            try (Connection connection = connectionFactory.createConnection();
                 Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                return Health.up().build();
            } catch (Exception e) {
                return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
            }
        };
    }

    @Bean
    HealthIndicator routesHealthIndicator(CamelContext camel, RouteControl routeControl) {
        return () -> {
            if (!camel.isStarted()) {
                return Health.down().withDetail("camel", camel.getStatus().name()).build();
            }
            Health.Builder health = Health.up();
            for (Route route : camel.getRoutes()) {
                ServiceStatus status = camel.getRouteController().getRouteStatus(route.getRouteId());
                if (status == ServiceStatus.Suspended) {
                    health.withDetail(route.getRouteId(), routeControl.heldBy(route.getRouteId())
                            .map(RouteControl.Suspension::reason).orElse("suspended by an operator"));
                } else if (status != ServiceStatus.Started) {
                    health.down().withDetail(route.getRouteId(), status == null ? "unknown" : status.name());
                }
            }
            return health.build();
        };
    }

    @Bean
    HealthIndicator dataDirectoryHealthIndicator(DataDirectory data, HealthProperties properties) {
        return () -> {
            Path root = data.root();
            try {
                long free = Files.getFileStore(root).getUsableSpace();
                Health.Builder health = Files.isWritable(root) && free >= properties.minFreeSpace().toBytes() ? Health.up() : Health.down();
                return health.withDetail("path", root.toString()).withDetail("writable", Files.isWritable(root))
                        .withDetail("freeBytes", free).withDetail("minFreeBytes", properties.minFreeSpace().toBytes()).build();
            } catch (IOException e) {
                return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
            }
        };
    }
}
