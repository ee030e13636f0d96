package be.randhub.privacy;

import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;

import org.springframework.stereotype.Component;

import be.randhub.broker.Queues;

/**
 * Removes messages that match a selector from every queue the hub can reach that may hold personal data: the
 * receivers' queues, the partners' outboxes, the hub's own stages and its dead-letter queues.
 */
@Component
public class QueueSweeper {

    private final ConnectionFactory connectionFactory;
    private final Queues queues;

    public QueueSweeper(ConnectionFactory connectionFactory, Queues queues) {
        this.connectionFactory = connectionFactory;
        this.queues = queues;
    }

    /** Takes every matching message off every queue that may hold documents; returns how many. */
    public int remove(String selector) throws JMSException {
        int removed = 0;
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
                for (String queue : documentQueues()) {
                    try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue), selector)) {
                        Message message = consumer.receive(200);
                        while (message != null) {
                            removed++;
                            message = consumer.receive(100);
                        }
                    }
                    session.commit();
                }
            }
        }
        return removed;
    }

    private List<String> documentQueues() {
        return queues.all().stream().filter(queue -> !queue.equals(Queues.TRACKING) && !queue.equals(Queues.FEED)
                && !queue.endsWith(".inbox") || queue.equals(Queues.AGENCY_INBOX) || queue.equals(Queues.LEARNING_NETWORK_INBOX)).toList();
    }
}
