package be.randhub.privacy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;

import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.utils.SelectorTranslator;
import org.springframework.stereotype.Component;

import be.randhub.broker.BrokerManagement;
import be.randhub.broker.Queues;
import be.randhub.document.HubHeaders;

/**
 * Removes messages that match a selector from every queue the hub can reach that may hold personal data: the
 * receivers' queues, the partners' outboxes, the hub's own stages and its dead-letter queues.
 * <p>
 * The broker does the removing (its management operation {@code removeMessages}): it looks at every message
 * waiting on the queue, however deep, and says how many it took. A message a consumer holds at that moment is
 * not waiting and stays with that consumer.
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
        // the JMS selector in the broker's own filter syntax (JMSTimestamp is AMQTimestamp there, and so on)
        String filter = SelectorTranslator.convertToActiveMQFilterString(selector);
        return BrokerManagement.over(connectionFactory, management -> {
            int removed = 0;
            for (String queue : documentQueues()) {
                removed += ((Number) management.invoke(ResourceNames.QUEUE + queue, "removeMessages", filter)).intValue();
            }
            return removed;
        });
    }

    /**
     * Takes every dead letter whose body the test accepts off the dead-letter queues (the hub's and the broker's),
     * whatever headers it carries: input that failed before the hub read it keeps only the bytes the partner sent.
     * Bodies are read up to {@code maxBytes}; a longer one is judged on its beginning.
     */
    public int removeDeadLetters(BiPredicate<byte[], String> test, int maxBytes) throws JMSException {
        int removed = 0;
        for (String queue : List.of(Queues.DEAD_LETTER, Queues.BROKER_DLQ)) {
            List<String> ids = new ArrayList<>();
            try (Connection connection = connectionFactory.createConnection();
                 Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                 QueueBrowser browser = session.createBrowser(session.createQueue(queue))) {
                connection.start();
                for (Object waiting : Collections.list(browser.getEnumeration())) {
                    Message message = (Message) waiting;
                    if (test.test(bodyOf(message, maxBytes), message.getStringProperty(HubHeaders.SENDER))) {
                        ids.add(message.getJMSMessageID());
                    }
                }
            }
            for (int from = 0; from < ids.size(); from += 100) {
                String selector = "JMSMessageID IN (" + ids.subList(from, Math.min(ids.size(), from + 100)).stream()
                        .map(id -> "'" + id.replace("'", "''") + "'").collect(Collectors.joining(",")) + ")";
                String filter = SelectorTranslator.convertToActiveMQFilterString(selector);
                removed += BrokerManagement.over(connectionFactory,
                        management -> ((Number) management.invoke(ResourceNames.QUEUE + queue, "removeMessages", filter)).intValue());
            }
        }
        return removed;
    }

    private static byte[] bodyOf(Message message, int maxBytes) throws JMSException {
        if (message instanceof BytesMessage bytes) {
            byte[] body = new byte[(int) Math.min(bytes.getBodyLength(), maxBytes)];
            bytes.readBytes(body);
            return body;
        }
        if (message instanceof TextMessage text && text.getText() != null) {
            String body = text.getText();
            return body.substring(0, Math.min(body.length(), maxBytes)).getBytes(StandardCharsets.UTF_8);
        }
        return new byte[0];
    }

    private List<String> documentQueues() {
        return queues.all().stream().filter(queue -> !queue.equals(Queues.TRACKING) && !queue.equals(Queues.FEED)
                && !queue.endsWith(".inbox") || queue.equals(Queues.AGENCY_INBOX) || queue.equals(Queues.LEARNING_NETWORK_INBOX)).toList();
    }
}
