package be.randhub.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;

import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;

/** Management requests to the broker as a user that may not create temporary queues (operators), answered on hub.perf. */
public final class ManagementRequests {

    private ManagementRequests() {
    }

    /**
     * Sends one management request over the connection, its answer to hub.perf; whether the broker carried it out
     * (false when it refused the request or the user may not even send it). An operation named {@code get...} is
     * asked as an attribute.
     */
    public static boolean manage(Connection connection, String resource, String operation, Object... arguments) throws JMSException {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            Queue replies = session.createQueue("hub.perf");
            Message request = session.createMessage();
            if (operation.startsWith("get")) {
                JMSManagementHelper.putAttribute(request, resource, Character.toLowerCase(operation.charAt(3)) + operation.substring(4));
            } else {
                try {
                    JMSManagementHelper.putOperationInvocation(request, resource, operation, arguments);
                } catch (Exception e) {
                    throw new IllegalArgumentException(e);
                }
            }
            request.setJMSReplyTo(replies);
            request.setJMSCorrelationID(UUID.randomUUID().toString());
            try (MessageProducer producer = session.createProducer(session.createQueue("activemq.management"));
                 MessageConsumer consumer = session.createConsumer(replies, "JMSCorrelationID = '" + request.getJMSCorrelationID() + "'")) {
                producer.send(request);
                Message reply = consumer.receive(5000);
                return reply != null && JMSManagementHelper.hasOperationSucceeded(reply);
            } catch (JMSException refused) {
                return false;
            }
        }
    }

    /**
     * Reads one attribute of several resources ({@code messagesAdded} of {@code queue.<name>}...), one request each
     * on one session, answered on hub.perf; a resource whose request was refused or not answered is left out.
     */
    public static Map<String, Object> attributes(Connection connection, List<String> resources, String attribute) throws JMSException {
        Map<String, Object> values = new LinkedHashMap<>();
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createQueue("activemq.management"))) {
            Queue replies = session.createQueue("hub.perf");
            for (String resource : resources) {
                Message request = session.createMessage();
                JMSManagementHelper.putAttribute(request, resource, attribute);
                request.setJMSReplyTo(replies);
                request.setJMSCorrelationID(UUID.randomUUID().toString());
                try (MessageConsumer consumer = session.createConsumer(replies, "JMSCorrelationID = '" + request.getJMSCorrelationID() + "'")) {
                    producer.send(request);
                    Message reply = consumer.receive(5000);
                    if (reply != null && JMSManagementHelper.hasOperationSucceeded(reply)) {
                        values.put(resource, JMSManagementHelper.getResult(reply));
                    }
                } catch (Exception refused) {
                    // left out
                }
            }
        }
        return values;
    }
}
