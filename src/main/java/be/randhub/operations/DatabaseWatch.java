package be.randhub.operations;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.direct.DirectEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeFailedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeFailureHandledEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import be.randhub.config.DatabaseFailures;
import be.randhub.config.FailFastDataSource;

/**
 * When the database cannot be reached, documents wait where they are instead of using up their attempts. Any
 * failure because the database is unreachable (an HTTP intake too) sets the watch off: from then on the pool refuses
 * connections at once ({@link FailFastDataSource}; HTTP intake answers 503 at once, logins use the hashes last read)
 * and the database is tried every {@value #PROBE_PAUSE_MILLIS} ms. A route that fails so and
 * starts from a queue, a drop folder, a timer or a schedule is suspended (its documents stay on the queue or in
 * the folder, untouched; timed work runs at its next time once resumed), so that it neither uses up attempts nor
 * logs a failure per poll. Once the database answers, the routes held are resumed (except any an operator
 * suspended meanwhile) and their documents flow as if nothing happened.
 */
@Component
public class DatabaseWatch extends EventNotifierSupport implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DatabaseWatch.class);
    static final long PROBE_PAUSE_MILLIS = 1000;
    /** Why a route is held: what operators see in the route list and readiness. */
    static final String REASON = "the database cannot be reached; taken up again by itself once it answers";

    private final CamelContext camel;
    private final JdbcTemplate jdbc;
    /** The pool, refusing connections at once while the database is away. */
    private final FailFastDataSource failFast;
    private final RouteControl routes;
    /** Routes that failed on the database and are not held yet. */
    private final Set<String> failed = new LinkedHashSet<>();
    private volatile boolean away;
    private Thread watcher;
    /** Holds and resumes routes one at a time: a route is never held after the watch resumed the others. */
    private final Object holding = new Object();
    /** Holds a failed route at once, while the watcher may be waiting for the database's answer. */
    private final ExecutorService holder = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "database-watch-hold");
        thread.setDaemon(true);
        return thread;
    });

    public DatabaseWatch(CamelContext camel, JdbcTemplate jdbc, RouteControl routes) throws SQLException {
        this.camel = camel;
        this.jdbc = jdbc;
        this.failFast = jdbc.getDataSource().unwrap(FailFastDataSource.class);
        this.routes = routes;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
        camel.getManagementStrategy().addEventNotifier(this);
    }

    /** Whether the database is known to be unreachable right now. */
    public boolean isAway() {
        return away;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        // failed, or failed and handled by the route (timed work logs its failure in one line and ends there)
        return event instanceof ExchangeFailedEvent || event instanceof ExchangeFailureHandledEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        if (failedUnreachable(exchange)) {
            String routeId = exchange.getFromRouteId();
            Route route = routeId == null ? null : camel.getRoute(routeId);
            noticed(route != null && holdable(route) ? routeId : null, failure(exchange));
        }
    }

    /**
     * Whether the exchange failed because the database could not be reached: such an attempt is not the
     * document's fault and does not bring it closer to the dead letters.
     */
    public static boolean failedUnreachable(Exchange exchange) {
        return DatabaseFailures.unreachable(failure(exchange));
    }

    /** The failure, still on the exchange or already caught by an error handler. */
    private static Throwable failure(Exchange exchange) {
        return exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    /**
     * A route with a consumer of its own (a queue, a drop folder, a timer, a schedule): what it takes waits while
     * it is suspended. A route called by another (direct:intake from HTTP) is not.
     */
    private static boolean holdable(Route route) {
        return !(route.getEndpoint() instanceof DirectEndpoint);
    }

    /** The database failed a route ({@code null}: a caller that cannot be held, such as HTTP intake). */
    private synchronized void noticed(String routeId, Throwable failure) {
        if (routeId != null && failed.add(routeId)) {
            // suspending a route waits for its exchanges in flight, this one included: not on this thread
            holder.execute(this::holdFailedRoutes);
        }
        if (!away) {
            away = true;
            refuseConnections(true);
            log.warn("The database cannot be reached ({}); routes that fail on it stop taking documents, which wait on their"
                    + " queues and in the drop folders until it answers again; HTTP intake answers 503 and logins are"
                    + " checked against the password hashes last read meanwhile",
                    failure.getClass().getSimpleName());
        }
        if (watcher == null) {
            watcher = new Thread(this::watch, "database-watch");
            watcher.setDaemon(true);
            watcher.start();
        }
    }

    private void watch() {
        Instant since = Instant.now();
        try {
            while (true) {
                if (!answers()) {
                    Thread.sleep(PROBE_PAUSE_MILLIS);
                    continue;
                }
                // connections flow again (resuming reads which routes operators suspended)
                refuseConnections(false);
                synchronized (holding) {
                    resumeHeldRoutes(Duration.between(since, Instant.now()));
                    synchronized (this) {
                        if (failed.isEmpty()) {
                            away = false;
                            watcher = null;
                            return;
                        }
                        // a route failed on the database again meanwhile: it is held, and the watch goes on
                        refuseConnections(true);
                    }
                }
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    private void holdFailedRoutes() {
        synchronized (holding) {
            Set<String> toHold;
            synchronized (this) {
                toHold = new LinkedHashSet<>(failed);
                failed.clear();
            }
            for (String id : toHold) {
                try {
                    routes.hold(id, REASON);
                } catch (Exception e) {
                    log.warn("Could not suspend route {} while the database is away: {}", id, e.getMessage());
                }
            }
        }
    }

    private void resumeHeldRoutes(Duration away) {
        List<String> held = routes.heldFor(REASON);
        for (String id : held) {
            try {
                routes.release(id);
            } catch (Exception e) {
                log.warn("Could not resume route {} after the database came back: {}", id, e.getMessage());
            }
        }
        log.info("The database answers again after {} s; {} route(s) take documents again", away.toSeconds(), held.size());
    }

    private void refuseConnections(boolean refuse) {
        failFast.away(refuse);
    }

    private boolean answers() {
        try {
            failFast.probe(() -> jdbc.queryForObject("SELECT 1", Integer.class));
            return true;
        } catch (RuntimeException stillAway) {
            return false;
        }
    }

    @Override
    public synchronized void destroy() {
        holder.shutdownNow();
        if (watcher != null) {
            watcher.interrupt();
        }
    }
}
