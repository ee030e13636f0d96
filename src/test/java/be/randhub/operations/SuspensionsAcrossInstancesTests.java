package be.randhub.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import be.randhub.support.SharedDatabase;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Two hub instances (each its own Camel routes and its own pool) on one database, H2 or PostgreSQL: a route an
 * operator suspends on one is suspended on the other, and resumed on both; a hold for one instance's database
 * connection stays on that instance.
 */
class SuspensionsAcrossInstancesTests {

    private SharedDatabase database;
    private final List<CamelContext> contexts = new java.util.ArrayList<>();
    private String route;

    @BeforeEach
    void twoInstances() {
        database = SharedDatabase.create();
        route = "file-intake-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void stop() {
        contexts.forEach(CamelContext::stop);
        new JdbcTemplate(database.instance()).update("DELETE FROM " + RouteControl.TABLE + " WHERE route_id = ?", route);
        database.close();
    }

    private RouteControl instance() throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:" + route + "?period=100").routeId(route).log("tick");
            }
        });
        camel.start();
        contexts.add(camel);
        RouteControl control = new RouteControl(camel, new JdbcTemplate(database.instance()),
                new RouteStatistics(new SimpleMeterRegistry(), camel));
        control.applySuspensions(); // the hub is ready
        return control;
    }

    @Test
    void aRouteSuspendedOnOneInstanceIsSuspendedOnEveryInstanceAndResumedOnEvery() throws Exception {
        RouteControl one = instance();
        RouteControl two = instance();

        one.suspend(route, "Kanak repairs its folder", "operator");
        two.applyStoredSuspensions(); // its timer, every 2 s

        assertThat(two.state(route)).isEqualTo(ServiceStatus.Suspended.name());
        assertThat(two.route(route).orElseThrow().suspension().reason()).isEqualTo("Kanak repairs its folder");

        two.resume(route, "operator");
        one.applyStoredSuspensions();

        assertThat(one.state(route)).isEqualTo(ServiceStatus.Started.name());
        assertThat(two.state(route)).isEqualTo(ServiceStatus.Started.name());
    }

    @Test
    void anInstanceThatStartsAppliesTheSuspensionsStored() throws Exception {
        RouteControl one = instance();
        one.suspend(route, "Kanak repairs its folder", "operator");

        RouteControl started = instance();

        assertThat(started.state(route)).isEqualTo(ServiceStatus.Suspended.name());
        one.resume(route, "operator");
        started.applyStoredSuspensions();
        assertThat(started.state(route)).isEqualTo(ServiceStatus.Started.name());
    }

    @Test
    void theHubsOwnHoldStaysOnItsInstance() throws Exception {
        RouteControl one = instance();
        RouteControl two = instance();

        one.hold(route, DatabaseWatch.REASON);
        two.applyStoredSuspensions();

        assertThat(one.state(route)).isEqualTo(ServiceStatus.Suspended.name());
        assertThat(two.state(route)).isEqualTo(ServiceStatus.Started.name());

        // an operator suspends it on the other instance while this one holds it; then resumes it there: the hold
        // on this instance goes on until its database answers, and then the route runs again
        two.suspend(route, "Kanak repairs its folder", "operator");
        one.applyStoredSuspensions();
        two.resume(route, "operator");
        one.applyStoredSuspensions();
        assertThat(one.state(route)).isEqualTo(ServiceStatus.Suspended.name());
        one.release(route);
        assertThat(one.state(route)).isEqualTo(ServiceStatus.Started.name());
    }
}
