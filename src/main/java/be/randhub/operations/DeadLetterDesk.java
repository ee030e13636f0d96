package be.randhub.operations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.springframework.stereotype.Component;

import be.randhub.broker.Queues;
import be.randhub.config.DataDirectory;
import be.randhub.document.HubHeaders;
import be.randhub.routing.DeadLetters;
import be.randhub.tracking.Trail;
import be.randhub.tracking.TrailEvent;

/**
 * The operators' desk for {@code hub.dead-letter}: what is there and why, and for each message either a replay
 * into the stage it failed in (same tracking id, once its cause is fixed) or a discard with a reason. Every
 * action lands in the document's trail.
 */
@Component
public class DeadLetterDesk {

    private static final Set<String> ADMINISTRATIVE = Set.of(DeadLetters.ERROR, DeadLetters.FAILED_ROUTE, DeadLetters.ATTEMPTS,
            DeadLetters.FAILED_AT, DeadLetters.REPLAY_TO, HubHeaders.REPLAYED);

    /** One dead letter, without its content. */
    public record DeadLetter(String messageId, String trackingId, String partner, String type, String receiver, String route,
                             Integer attempts, String error, String failedAt, String replayTo) {
    }

    /** What an action did with each message asked for. */
    public record Outcome(String messageId, String trackingId, String result) {
    }

    private final ConnectionFactory connectionFactory;
    private final DataDirectory data;
    private final Trail trail;

    public DeadLetterDesk(ConnectionFactory connectionFactory, DataDirectory data, Trail trail) {
        this.connectionFactory = connectionFactory;
        this.data = data;
        this.trail = trail;
    }

    public List<DeadLetter> list() throws JMSException {
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = session.createBrowser(session.createQueue(Queues.DEAD_LETTER))) {
            List<DeadLetter> letters = new ArrayList<>();
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements() && letters.size() < 1000) {
                letters.add(describe((Message) messages.nextElement()));
            }
            return letters;
        }
    }

    /** Sends each message back into the stage it failed in, under its own tracking id. */
    public List<Outcome> replay(List<String> messageIds, String by) throws JMSException {
        List<Outcome> outcomes = new ArrayList<>();
        for (String messageId : messageIds) {
            outcomes.add(take(messageId, (session, message) -> {
                String replayTo = message.getStringProperty(DeadLetters.REPLAY_TO);
                if (replayTo == null) {
                    return "not replayable: it does not say where it failed";
                }
                if (replayTo.startsWith("inbox/")) {
                    dropAgain(replayTo.substring("inbox/".length()), message);
                } else {
                    try (MessageProducer producer = session.createProducer(session.createQueue(replayTo))) {
                        Message copy = copyWithoutTheFailure(session, message);
                        copy.setStringProperty(HubHeaders.REPLAYED, by);
                        producer.send(copy);
                    }
                }
                record(message, TrailEvent.Kind.REPLAYED, "replayed into " + replayTo + " by " + by);
                return "replayed into " + replayTo;
            }));
        }
        return outcomes;
    }

    /** Takes each message off the dead-letter queue for good, recording who and why. */
    public List<Outcome> discard(List<String> messageIds, String reason, String by) throws JMSException {
        List<Outcome> outcomes = new ArrayList<>();
        for (String messageId : messageIds) {
            outcomes.add(take(messageId, (session, message) -> {
                record(message, TrailEvent.Kind.DISCARDED, "discarded by " + by + ": " + reason);
                return "discarded";
            }));
        }
        return outcomes;
    }

    private interface Action {
        String apply(Session session, Message message) throws JMSException;
    }

    /** Consumes one dead letter and applies the action, in one transaction. */
    private Outcome take(String messageId, Action action) throws JMSException {
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
             MessageConsumer consumer = session.createConsumer(session.createQueue(Queues.DEAD_LETTER),
                     "JMSMessageID = '" + messageId.replace("'", "") + "'")) {
            connection.start();
            Message message = consumer.receive(2000);
            if (message == null) {
                return new Outcome(messageId, null, "not found: replayed or discarded already?");
            }
            String result = action.apply(session, message);
            session.commit();
            return new Outcome(messageId, message.getStringProperty(HubHeaders.TRACKING_ID), result);
        }
    }

    private Message copyWithoutTheFailure(Session session, Message original) throws JMSException {
        Message copy;
        if (original instanceof TextMessage text) {
            copy = session.createTextMessage(text.getText());
        } else if (original instanceof BytesMessage bytes) {
            BytesMessage copied = session.createBytesMessage();
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            copied.writeBytes(body);
            copy = copied;
        } else {
            throw new JMSException("a dead letter of an unexpected kind: " + original.getClass().getSimpleName());
        }
        // only the hub's own headers (a dead letter carries nothing else), not the failure's
        for (String name : Collections.list((Enumeration<?>) original.getPropertyNames()).stream().map(Object::toString).toList()) {
            if (name.startsWith("hub") && !ADMINISTRATIVE.contains(name)) {
                copy.setObjectProperty(name, original.getObjectProperty(name));
            }
        }
        if (original.getJMSCorrelationID() != null) {
            copy.setJMSCorrelationID(original.getJMSCorrelationID());
        }
        return copy;
    }

    /** A dropped file that was dead-lettered goes back into its partner's drop folder. */
    private void dropAgain(String partner, Message message) throws JMSException {
        byte[] body = message instanceof BytesMessage bytes ? readAll(bytes)
                : ((TextMessage) message).getText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String trackingId = message.getStringProperty(HubHeaders.TRACKING_ID);
        Path folder = DataDirectory.createDirectories(data.inbox(partner));
        try {
            // the partner's folder: nothing already there (a link under the same name) is followed or written through
            DataDirectory.writeAtomically(folder.resolve("replayed-" + trackingId + ".json"), body, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void record(Message message, TrailEvent.Kind kind, String detail) throws JMSException {
        String trackingId = message.getStringProperty(HubHeaders.TRACKING_ID);
        if (trackingId != null) {
            trail.record(List.of(TrailEvent.of(trackingId, kind, message.getStringProperty(HubHeaders.SENDER),
                    message.getStringProperty(HubHeaders.RECEIVER), message.getStringProperty(HubHeaders.CHANNEL), detail)));
        }
    }

    private static DeadLetter describe(Message message) throws JMSException {
        return new DeadLetter(message.getJMSMessageID(), message.getStringProperty(HubHeaders.TRACKING_ID),
                message.getStringProperty(HubHeaders.SENDER), message.getStringProperty(HubHeaders.TYPE),
                message.getStringProperty(HubHeaders.RECEIVER), message.getStringProperty(DeadLetters.FAILED_ROUTE),
                message.propertyExists(DeadLetters.ATTEMPTS) ? message.getIntProperty(DeadLetters.ATTEMPTS) : null,
                message.getStringProperty(DeadLetters.ERROR), message.getStringProperty(DeadLetters.FAILED_AT),
                message.getStringProperty(DeadLetters.REPLAY_TO));
    }

    private static byte[] readAll(BytesMessage message) throws JMSException {
        byte[] body = new byte[(int) message.getBodyLength()];
        message.readBytes(body);
        return body;
    }
}
