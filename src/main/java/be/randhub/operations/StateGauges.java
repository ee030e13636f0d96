package be.randhub.operations;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What an alert needs beside the queues (docker/prometheus/alerts.yml): whether the hub is ready
 * ({@code hub_readiness}: 1 when readiness is UP, as {@code /actuator/health/readiness} says, else 0), and how many
 * routes an operator suspended ({@code hub_routes_suspended}) or are neither running nor suspended
 * ({@code hub_routes_failed}: stopped, failed to start). Read when scraped.
 */
@Component
class StateGauges {

    StateGauges(MeterRegistry registry, CamelContext camel, ObjectProvider<HealthEndpoint> health) {
        Gauge.builder("hub.readiness", health, StateGauges::ready).strongReference(true)
                .description("1 while readiness is UP (broker, routes, database, data directory), else 0").register(registry);
        Gauge.builder("hub.routes.suspended", camel, context -> count(context, true)).strongReference(true)
                .description("Routes suspended (by an operator, or while the database is away)").register(registry);
        Gauge.builder("hub.routes.failed", camel, context -> count(context, false)).strongReference(true)
                .description("Routes neither started nor suspended").register(registry);
    }

    private static double ready(ObjectProvider<HealthEndpoint> health) {
        HealthEndpoint endpoint = health.getIfAvailable();
        if (endpoint == null) {
            return 0;
        }
        HealthDescriptor readiness = endpoint.healthForPath("readiness");
        return readiness != null && Status.UP.equals(readiness.getStatus()) ? 1 : 0;
    }

    private static double count(CamelContext camel, boolean suspended) {
        if (!camel.isStarted()) {
            return suspended ? 0 : camel.getRoutes().size();
        }
        int count = 0;
        for (Route route : camel.getRoutes()) {
            ServiceStatus status = camel.getRouteController().getRouteStatus(route.getRouteId());
            if (suspended ? status == ServiceStatus.Suspended : status != ServiceStatus.Suspended && status != ServiceStatus.Started) {
                count++;
            }
        }
        return count;
    }
}
