package be.randhub.operations;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCompletedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeFailedEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * How each route is doing: every exchange a route starts is timed when it completes or fails, into the
 * {@code hub.route.duration} histogram (Prometheus) and into per-minute buckets for the console (count,
 * failures, mean and p95 over the last hour and the last day).
 */
@Component
public class RouteStatistics extends EventNotifierSupport {

    /** Upper bounds (ms) of the buckets the console's p95 is read from. */
    static final long[] BOUNDS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000, Long.MAX_VALUE};
    private static final int MINUTES_PER_DAY = 24 * 60;

    /** A window's figures. */
    public record Figures(long count, long failures, double meanMillis, long p95Millis) {
    }

    private final MeterRegistry registry;
    private final Map<String, Minutes> routes = new ConcurrentHashMap<>();
    /** Each route's timers, registered once (a registration costs more than the recording). */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public RouteStatistics(MeterRegistry registry, CamelContext camel) {
        this.registry = registry;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
        camel.getManagementStrategy().addEventNotifier(this);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeCompletedEvent || event instanceof ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        String route = exchange.getFromRouteId();
        if (route == null || exchange.getProperty(Exchange.CORRELATION_ID) != null) {
            return; // only the exchanges a route starts, not the copies a split makes
        }
        long millis = Math.max(0, System.currentTimeMillis() - exchange.getClock().getCreated());
        boolean failed = event instanceof ExchangeFailedEvent || exchange.isFailed();
        timers.computeIfAbsent(route + (failed ? " failed" : " completed"), key -> Timer.builder("hub.route.duration")
                        .tag("route", route).tag("outcome", failed ? "failed" : "completed")
                        .publishPercentileHistogram().description("Time a route took for one exchange").register(registry))
                .record(millis, TimeUnit.MILLISECONDS);
        routes.computeIfAbsent(route, id -> new Minutes()).record(millis, failed);
    }

    public Figures lastHour(String route) {
        return figures(route, 60);
    }

    public Figures lastDay(String route) {
        return figures(route, MINUTES_PER_DAY);
    }

    private Figures figures(String route, int minutes) {
        Minutes stats = routes.get(route);
        return stats == null ? new Figures(0, 0, 0, 0) : stats.figures(minutes);
    }

    /** A day of per-minute buckets, as a ring. */
    private static final class Minutes {
        private final long[] minute = new long[MINUTES_PER_DAY];
        private final long[] count = new long[MINUTES_PER_DAY];
        private final long[] failures = new long[MINUTES_PER_DAY];
        private final long[] totalMillis = new long[MINUTES_PER_DAY];
        private final long[][] histogram = new long[MINUTES_PER_DAY][BOUNDS.length];

        synchronized void record(long millis, boolean failed) {
            long now = System.currentTimeMillis() / 60_000;
            int slot = (int) (now % MINUTES_PER_DAY);
            if (minute[slot] != now) {
                minute[slot] = now;
                count[slot] = 0;
                failures[slot] = 0;
                totalMillis[slot] = 0;
                histogram[slot] = new long[BOUNDS.length];
            }
            count[slot]++;
            totalMillis[slot] += millis;
            if (failed) {
                failures[slot]++;
            }
            for (int bucket = 0; bucket < BOUNDS.length; bucket++) {
                if (millis <= BOUNDS[bucket]) {
                    histogram[slot][bucket]++;
                    break;
                }
            }
        }

        synchronized Figures figures(int minutes) {
            long now = System.currentTimeMillis() / 60_000;
            long total = 0;
            long failed = 0;
            long millis = 0;
            long[] merged = new long[BOUNDS.length];
            for (int slot = 0; slot < MINUTES_PER_DAY; slot++) {
                if (minute[slot] > now - minutes && count[slot] > 0) {
                    total += count[slot];
                    failed += failures[slot];
                    millis += totalMillis[slot];
                    for (int bucket = 0; bucket < BOUNDS.length; bucket++) {
                        merged[bucket] += histogram[slot][bucket];
                    }
                }
            }
            long p95 = 0;
            long seen = 0;
            for (int bucket = 0; bucket < BOUNDS.length && total > 0; bucket++) {
                seen += merged[bucket];
                if (seen >= Math.ceil(total * 0.95)) {
                    p95 = BOUNDS[bucket] == Long.MAX_VALUE ? BOUNDS[bucket - 1] : BOUNDS[bucket];
                    break;
                }
            }
            return new Figures(total, failed, total == 0 ? 0 : (double) millis / total, p95);
        }
    }
}
