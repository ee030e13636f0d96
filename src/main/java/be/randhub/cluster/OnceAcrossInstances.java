package be.randhub.cluster;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.TimeZone;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.component.timer.TimerEndpoint;
import org.apache.camel.spring.pollingconsumer.SpringScheduledPollConsumerScheduler;
import org.apache.camel.support.ScheduledPollConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;

/**
 * Timed work that must happen once across hub instances (closing the agency feed, the retention purge, unanswered
 * referrals): every instance's timer or schedule fires, and the one that takes the route's lock in the shared
 * database (ShedLock, in the database's clock) does the work; the others skip this time.
 * <p>
 * The lock is held while the work runs and at least half the route's interval (its timer's period, or the time
 * between two of its schedule's times), so an instance whose clock is a little behind does not run the same
 * firing again once the first has finished; at most nine tenths of it, so a lock left by an instance that died
 * while working frees the next firing.
 */
@Component("onceAcrossInstances")
public class OnceAcrossInstances {

    private static final Logger log = LoggerFactory.getLogger(OnceAcrossInstances.class);
    /** For a route whose interval cannot be read. */
    private static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    private final LockingTaskExecutor executor;
    private final CamelContext camel;
    private final ProducerTemplate producer;

    public OnceAcrossInstances(LockingTaskExecutor executor, CamelContext camel, ProducerTemplate producer) {
        this.executor = executor;
        this.camel = camel;
        this.producer = producer;
    }

    /**
     * The route's step: sends the exchange to {@code work} (a direct: route that does the run) if this instance takes
     * the lock named after the route the exchange started in; otherwise the run is another instance's and nothing
     * happens here. A failure of the work stays on the exchange for the route's error handling.
     */
    public void run(Exchange exchange, String work) {
        String job = exchange.getFromRouteId();
        boolean ran = run(job, interval(camel.getRoute(job)), () -> producer.send(work, exchange));
        if (!ran) {
            log.debug("{}: another hub instance runs it this time", job);
        }
    }

    /** Runs the work if this instance takes the job's lock; returns whether it ran. */
    public boolean run(String job, Duration interval, Runnable work) {
        Duration atLeast = interval.dividedBy(2);
        Duration atMost = interval.multipliedBy(9).dividedBy(10);
        try {
            return executor.executeWithLock(() -> {
                work.run();
                return Boolean.TRUE;
            }, new LockConfiguration(Instant.now(), job, atMost, atLeast)).wasExecuted();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable unexpected) {
            throw new IllegalStateException(unexpected);
        }
    }

    /** The time between two firings of the route's timer or schedule. */
    static Duration interval(Route route) {
        if (route != null && route.getEndpoint() instanceof TimerEndpoint timer && timer.getPeriod() > 0) {
            return Duration.ofMillis(timer.getPeriod());
        }
        if (route != null && route.getConsumer() instanceof ScheduledPollConsumer polling) {
            if (polling.getScheduler() instanceof SpringScheduledPollConsumerScheduler spring && spring.getCron() != null) {
                return cronInterval(spring.getCron(), spring.getTimeZone());
            }
            if (polling.getDelay() > 0) {
                return Duration.ofMillis(polling.getDelay());
            }
        }
        return DEFAULT_INTERVAL;
    }

    /** The shortest time between two of the schedule's next few times. */
    static Duration cronInterval(String cron, TimeZone zone) {
        CronExpression expression = CronExpression.parse(cron);
        ZonedDateTime time = expression.next(ZonedDateTime.now(zone == null ? TimeZone.getDefault().toZoneId() : zone.toZoneId()));
        Duration shortest = null;
        for (int i = 0; time != null && i < 24; i++) {
            ZonedDateTime next = expression.next(time);
            if (next == null) {
                break;
            }
            Duration between = Duration.between(time, next);
            shortest = shortest == null || between.compareTo(shortest) < 0 ? between : shortest;
            time = next;
        }
        return shortest == null ? DEFAULT_INTERVAL : shortest;
    }
}
