package be.randhub.tracking;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

import be.randhub.broker.Queues;

import tools.jackson.databind.json.JsonMapper;

/**
 * Collects a document's trail events while a route works on it, and hands them to the {@code hub.tracking}
 * queue in the route's own JMS transaction: an event is recorded exactly when the step it describes commits
 * (a rolled-back delivery leaves no "delivered" behind). The tracking writer moves them into the database in
 * batches, off the documents' path.
 */
@Component("trail")
public class Trail {

    static final String PENDING = "hubTrailPending";

    private final JmsTemplate jms;
    private final JsonMapper json;

    public Trail(JmsTemplate jms, JsonMapper json) {
        this.jms = jms;
        this.json = json;
    }

    /** Notes an event on the exchange; it is sent with the next {@link #flush}. */
    @SuppressWarnings("unchecked")
    public void note(Exchange exchange, TrailEvent event) {
        List<TrailEvent> pending = exchange.getProperty(PENDING, List.class);
        if (pending == null) {
            pending = new ArrayList<>(4);
            exchange.setProperty(PENDING, pending);
        }
        pending.add(event);
    }

    /** Sends the events noted so far, in the JMS transaction in progress if there is one. */
    @SuppressWarnings("unchecked")
    public void flush(Exchange exchange) {
        List<TrailEvent> pending = exchange.getProperty(PENDING, List.class);
        exchange.removeProperty(PENDING);
        if (pending != null && !pending.isEmpty()) {
            record(pending);
        }
    }

    /** Takes the events noted so far off the exchange, for whoever sends them with its own messages. */
    @SuppressWarnings("unchecked")
    public List<TrailEvent> take(Exchange exchange) {
        List<TrailEvent> pending = exchange.getProperty(PENDING, List.class);
        exchange.removeProperty(PENDING);
        return pending == null ? List.of() : pending;
    }

    /** Records events right away (operator actions and other work outside a document route). */
    public void record(List<TrailEvent> events) {
        jms.send(Queues.TRACKING, session -> message(session, events));
    }

    /** The message that carries events to the tracking store: their JSON, as bytes. */
    public jakarta.jms.Message message(jakarta.jms.Session session, List<TrailEvent> events) throws jakarta.jms.JMSException {
        jakarta.jms.BytesMessage message = session.createBytesMessage();
        message.writeBytes(json.writeValueAsBytes(events));
        return message;
    }
}
