package be.randhub.tracking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import be.randhub.broker.Queues;

import tools.jackson.databind.json.JsonMapper;

/**
 * Moves trail events from the {@code hub.tracking} queue into the tracking store, a batch at a time: one
 * database transaction and one JMS commit per batch instead of one per event, so tracking never slows the
 * documents down. The events are committed to the database before they are acknowledged on the broker; a
 * crash in between replays the batch, and the store skips what it already holds.
 * <p>
 * Called by the {@code tracking-writer} route on one thread; keeps its consumer open between calls.
 */
@Component("trackingWriter")
public class TrackingWriter implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TrackingWriter.class);
    /** One line per document event, with the tracking id in the MDC (logger be.randhub.trail). */
    private static final Logger trailLog = LoggerFactory.getLogger("be.randhub.trail");
    private static final int BATCH = 1000;

    private final ConnectionFactory connectionFactory;
    private final TrackingStore store;
    private final JsonMapper json;

    private Connection connection;
    private Session session;
    private MessageConsumer consumer;
    /** After a failure (database or broker unreachable): no attempt before this time, then twice the pause. */
    private long pausedUntil;
    private long pause;

    public TrackingWriter(ConnectionFactory connectionFactory, TrackingStore store, JsonMapper json) {
        this.connectionFactory = connectionFactory;
        this.store = store;
        this.json = json;
    }

    /** Writes what is waiting, batch by batch, until the queue is empty; returns how many events it stored. */
    public synchronized int drain() {
        if (System.currentTimeMillis() < pausedUntil) {
            return 0;
        }
        int total = 0;
        try {
            open();
            int stored;
            do {
                stored = writeBatch();
                total += stored;
            } while (stored > 0);
            if (pause > 0) {
                log.info("Tracking store writes again; the trail events that waited on {} are stored", Queues.TRACKING);
                pause = 0;
            }
        } catch (JMSException | RuntimeException e) {
            close();
            pause = pause == 0 ? 1000 : Math.min(pause * 2, 60_000);
            pausedUntil = System.currentTimeMillis() + pause;
            log.warn("Cannot write trail events to the tracking store ({}); they wait on {}, next attempt in {} ms",
                    e.getClass().getSimpleName(), Queues.TRACKING, pause);
        }
        return total;
    }

    private int writeBatch() throws JMSException {
        List<TrailEvent> events = new ArrayList<>();
        int messages = 0;
        Message message = consumer.receive(20);
        while (message != null) {
            messages++;
            if (message instanceof BytesMessage bytes) {
                byte[] body = new byte[(int) bytes.getBodyLength()];
                bytes.readBytes(body);
                events.addAll(Arrays.asList(json.readValue(body, TrailEvent[].class)));
            } else if (message instanceof TextMessage text) {
                events.addAll(Arrays.asList(json.readValue(text.getText(), TrailEvent[].class)));
            } else {
                log.warn("Skipping a {} on {}: trail events are bytes or text messages", message.getClass().getSimpleName(), Queues.TRACKING);
            }
            if (events.size() >= BATCH) {
                break;
            }
            message = consumer.receiveNoWait();
        }
        if (messages == 0) {
            return 0;
        }
        store.append(events);
        session.commit();
        for (TrailEvent event : events) {
            org.slf4j.MDC.put("trackingId", event.trackingId());
            trailLog.info("{} {}{}{}{}", event.event().id(), event.partner() == null ? "" : "from " + event.partner(),
                    event.receiver() == null ? "" : " to " + event.receiver(), event.channel() == null ? "" : " via " + event.channel(),
                    event.detail() == null ? "" : ": " + event.detail());
            org.slf4j.MDC.remove("trackingId");
        }
        return Math.max(events.size(), 1);
    }

    private void open() throws JMSException {
        if (consumer == null) {
            connection = connectionFactory.createConnection();
            session = connection.createSession(true, Session.SESSION_TRANSACTED);
            consumer = session.createConsumer(session.createQueue(Queues.TRACKING));
            connection.start();
        }
    }

    private void close() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (JMSException e) {
            log.debug("closing the tracking consumer", e);
        } finally {
            connection = null;
            session = null;
            consumer = null;
        }
    }

    @Override
    public synchronized void destroy() {
        close();
    }
}
