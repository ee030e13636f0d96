package be.randhub.routing;

import java.time.Instant;

import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsMessage;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

import be.randhub.broker.BrokerProperties;
import be.randhub.document.HubHeaders;
import be.randhub.operations.DatabaseWatch;
import be.randhub.tracking.TrackingIds;
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
    private final be.randhub.operations.HubMetrics metrics;
    private final int maxAttempts;

    public DeadLetters(Trail trail, be.randhub.operations.HubMetrics metrics, BrokerProperties broker) {
        this.trail = trail;
        this.metrics = metrics;
        this.maxAttempts = broker.redelivery().maxAttempts();
    }

    /**
     * Whether a message that failed has had its last attempt ({@code hub.broker.redelivery.max-attempts}). Not
     * while the database cannot be reached: that is not the message's fault, its route is held until the database
     * answers, and the message is taken up again then (if it fails again for another reason, it goes at once).
     */
    public boolean attemptsUsedUp(Exchange exchange) {
        Integer deliveries = deliveryCount(exchange);
        return deliveries != null && deliveries >= maxAttempts && !DatabaseWatch.failedUnreachable(exchange);
    }

    /**
     * How often the broker has delivered the message this exchange came from, this time included: read from the
     * message the broker delivered (Artemis computes it; no header a route removed or a client set changes it).
     */
    public static Integer deliveryCount(Exchange exchange) {
        if (exchange.getIn() instanceof JmsMessage message && message.getJmsMessage() != null) {
            try {
                return message.getJmsMessage().getIntProperty("JMSXDeliveryCount");
            } catch (jakarta.jms.JMSException | NumberFormatException unreadable) {
                return null;
            }
        }
        return exchange.getIn().getHeader("JMSXDeliveryCount", Integer.class);
    }

    /** For a message from a queue: it is replayed into the queue it came from. */
    public void prepare(Exchange exchange) {
        prepareReplayInto(exchange, queueName(exchange.getIn().getHeader("JMSDestination")));
    }

    /** For any stage: what failed, where, how often, and where a replay sends it. */
    public void prepareReplayInto(Exchange exchange, String replayTo) {
        Message in = exchange.getIn();
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = describe(error);
        in.setHeader(ERROR, reason);
        in.setHeader(FAILED_ROUTE, exchange.getFromRouteId());
        if (in.getHeader(ATTEMPTS) == null) {
            in.setHeader(ATTEMPTS, deliveryCount(exchange));
        }
        in.setHeader(FAILED_AT, Instant.now().toString());
        in.setHeader(REPLAY_TO, replayTo);
        in.removeHeader(HubHeaders.DUPLICATE_ID);
        String trackingId = in.getHeader(HubHeaders.TRACKING_ID, String.class);
        if (trackingId == null) {
            // failed before intake gave it one: operators, the receipt and the trail still need one to name it by
            trackingId = TrackingIds.next();
            in.setHeader(HubHeaders.TRACKING_ID, trackingId);
        }
        Object receiver = in.getHeader(HubHeaders.RECEIVER);
        metrics.deadLettered(exchange.getFromRouteId(), receiver == null ? null : receiver.toString());
        log.error("Dead-lettered {}{} after {} attempts in route {}: {}", trackingId,
                receiver == null ? "" : " (delivery to " + receiver + ")", in.getHeader(ATTEMPTS), exchange.getFromRouteId(), reason);
        trail.note(exchange, TrailEvent.of(trackingId, TrailEvent.Kind.DEAD_LETTERED, in.getHeader(HubHeaders.SENDER, String.class),
                in.getHeader(HubHeaders.RECEIVER, String.class), in.getHeader(HubHeaders.CHANNEL, String.class), reason));
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
        String said = said(root);
        String text = root.getClass().getSimpleName() + (said == null || said.isBlank() ? "" : ": " + said);
        // one line, whatever the message held
        text = text.replaceAll("\\p{Cntrl}", " ");
        return text.length() > 300 ? text.substring(0, 300) : text;
    }

    /**
     * What of an error's message may be shown to operators and written to the log: the messages of the hub's own
     * errors, the broker's and a file operation's reason (never its path); not a database's or a parser's, which can
     * quote the data.
     */
    private static String said(Throwable error) {
        if (error instanceof java.nio.file.FileSystemException file) {
            return file.getReason();
        }
        if (error instanceof IllegalStateException || error instanceof IllegalArgumentException
                || error instanceof jakarta.jms.JMSException || error instanceof org.apache.activemq.artemis.api.core.ActiveMQException
                || error.getClass().getName().startsWith("be.randhub.")) {
            return error.getMessage();
        }
        return null;
    }
}
