package be.randhub.privacy;

import java.util.List;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;

import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.utils.SelectorTranslator;
import org.springframework.stereotype.Component;

import be.randhub.broker.BrokerManagement;
import be.randhub.broker.Queues;

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

    private List<String> documentQueues() {
        return queues.all().stream().filter(queue -> !queue.equals(Queues.TRACKING) && !queue.equals(Queues.FEED)
                && !queue.endsWith(".inbox") || queue.equals(Queues.AGENCY_INBOX) || queue.equals(Queues.LEARNING_NETWORK_INBOX)).toList();
    }
}
