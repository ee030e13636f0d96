package be.randhub.broker;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;

import org.apache.activemq.artemis.api.jms.ActiveMQJMSClient;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;

/**
 * Requests to an Artemis broker's management address over a JMS session: the same for the embedded broker and a
 * standalone one. One instance per session; not for several threads.
 */
public final class BrokerManagement {

    private static final String ADDRESS = "activemq.management";

    private final QueueSession session;
    private final QueueRequestor requestor;

    /** Requests made with one {@link BrokerManagement}. */
    public interface Requests<T> {
        T make(BrokerManagement management) throws JMSException;
    }

    /**
     * Makes requests over a connection of their own, closed (with its temporary reply queue) afterwards; a pooled
     * connection goes back to its pool.
     */
    public static <T> T over(ConnectionFactory connectionFactory, Requests<T> requests) throws JMSException {
        try (Connection connection = connectionFactory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            return requests.make(new BrokerManagement((QueueSession) session));
        }
    }

    public BrokerManagement(QueueSession session) throws JMSException {
        this.session = session;
        this.requestor = new QueueRequestor(session, ActiveMQJMSClient.createQueue(ADDRESS));
    }

    /** An attribute of a resource ({@code ResourceNames.QUEUE + name}, {@code ResourceNames.BROKER}). */
    public Object attribute(String resource, String attribute) throws JMSException {
        Message request = session.createMessage();
        JMSManagementHelper.putAttribute(request, resource, attribute);
        return answer(request, attribute + " of " + resource);
    }

    /** Invokes an operation of a resource; a refusal is an exception with the broker's reason. */
    public Object invoke(String resource, String operation, Object... arguments) throws JMSException {
        Message request = session.createMessage();
        try {
            JMSManagementHelper.putOperationInvocation(request, resource, operation, arguments);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot encode the management request " + operation, e);
        }
        return answer(request, operation + (arguments.length > 0 ? " " + arguments[0] : ""));
    }

    private Object answer(Message request, String what) throws JMSException {
        Message reply = requestor.request(request);
        if (reply == null) {
            throw new JMSException("no answer from the broker's management to " + what);
        }
        Object result;
        try {
            result = JMSManagementHelper.getResult(reply);
        } catch (Exception e) {
            result = e.getMessage();
        }
        if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
            throw new JMSException(what + " was refused by the broker: " + result);
        }
        return result;
    }
}
