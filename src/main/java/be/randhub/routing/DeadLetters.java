package be.randhub.routing;

import java.time.Instant;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

import be.randhub.document.HubHeaders;
import be.randhub.tracking.Trail;
import be.randhub.tracking.TrailEvent;

/**
 * Prepares a message that failed every attempt for {@code hub.dead-letter}: it keeps its original body and
 * headers (so it can be replayed into the stage it failed in, under the same tracking id) and gains the error,
 * the route, the number of attempts and the queue it came from, to replay it into.
 */
@Component("deadLetters")
public class DeadLetters {

    public static final String ERROR = "hubError";
    public static final String FAILED_ROUTE = "hubFailedRoute";
    public static final String ATTEMPTS = "hubAttempts";
    public static final String FAILED_AT = "hubFailedAt";
    public static final String REPLAY_TO = "hubReplayTo";

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DeadLetters.class);

    private final Trail trail;

    public DeadLetters(Trail trail) {
        this.trail = trail;
    }

    public void prepare(Exchange exchange) {
        Message in = exchange.getIn();
        String replayTo = queueName(in.getHeader("JMSDestination"));
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = describe(error);
        in.setHeader(ERROR, reason);
        in.setHeader(FAILED_ROUTE, exchange.getFromRouteId());
        in.setHeader(ATTEMPTS, in.getHeader("JMSXDeliveryCount", Integer.class));
        in.setHeader(FAILED_AT, Instant.now().toString());
        in.setHeader(REPLAY_TO, replayTo);
        in.removeHeader(HubHeaders.DUPLICATE_ID);
        log.error("Dead-lettered {} for {} after {} attempts in route {}: {}", in.getHeader(HubHeaders.TRACKING_ID),
                in.getHeader(HubHeaders.RECEIVER), in.getHeader(ATTEMPTS), exchange.getFromRouteId(), reason);
        trail.note(exchange, TrailEvent.of(in.getHeader(HubHeaders.TRACKING_ID, String.class), TrailEvent.Kind.DEAD_LETTERED,
                in.getHeader(HubHeaders.SENDER, String.class), in.getHeader(HubHeaders.RECEIVER, String.class),
                in.getHeader(HubHeaders.CHANNEL, String.class), reason));
    }

    private static String queueName(Object destination) {
        try {
            return destination instanceof jakarta.jms.Queue queue ? queue.getQueueName() : null;
        } catch (jakarta.jms.JMSException e) {
            return null;
        }
    }

    /** The error in one line: its kind and message, without a stack trace. */
    static String describe(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
