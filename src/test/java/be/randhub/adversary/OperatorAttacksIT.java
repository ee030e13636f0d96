package be.randhub.adversary;

import static be.randhub.support.TestPartners.DE_RAND;
import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;

import java.util.UUID;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import be.randhub.support.HubClient;
import be.randhub.support.TestDocuments;

/**
 * The operator's broker login, used as an attacker would: it may see how the hub's queues are doing, and nothing
 * more. It reads no partner's or receiver's documents, creates and deletes no queue, and grants itself nothing.
 */
@ExtendWith(AttackedHub.class)
class OperatorAttacksIT {

    @Test
    void operatorsCannotReadDocumentsOnTheBroker(HubClient hub) throws Exception {
        // a referral waits on the target's outbox queue
        assertThat(hub.post(KANAK, TestDocuments.referral(KANAK, DE_RAND).json()).status()).isEqualTo(202);

        for (String queue : new String[] {"partner.de-rand.outbox", "agency.inbox", "hub.delivery", "hub.dead-letter", "hub.tracking"}) {
            assertThatThrownBy(() -> browse(hub, queue)).as(queue).isInstanceOf(JMSException.class);
        }
    }

    /**
     * Management requests as the operator, answered on a queue the operator may read (hub.perf, its measuring
     * queue): reading the hub's queue figures works; reading messages, creating or deleting queues, changing rights
     * or emptying a queue does not.
     */
    @Test
    void operatorsCannotManageTheBrokerBeyondWhatTheyMayLookAt(HubClient hub) throws Exception {
        assertThat(manage(hub, ResourceNames.QUEUE + "hub.delivery", "getMessageCount")).isTrue();

        assertThat(manage(hub, ResourceNames.QUEUE + "partner.de-rand.outbox", "listMessages", "")).isFalse();
        assertThat(manage(hub, ResourceNames.QUEUE + "hub.dead-letter", "browse")).isFalse();
        assertThat(manage(hub, ResourceNames.BROKER, "createQueue", "{\"name\":\"operator.spy\",\"address\":\"operator.spy\","
                + "\"routing-type\":\"ANYCAST\",\"durable\":true,\"auto-create-address\":true}", true)).isFalse();
        assertThat(manage(hub, ResourceNames.BROKER, "destroyQueue", "hub.tracking")).isFalse();
        assertThat(manage(hub, ResourceNames.BROKER, "addSecuritySettings", "partner.de-rand.outbox", "", "operator", "", "",
                "", "", "", "operator", "", "", "", "")).isFalse();
        assertThat(manage(hub, ResourceNames.QUEUE + "agency.inbox", "removeAllMessages")).isFalse();
        // nothing it tried changed the rights: the partner's outbox is still not the operator's to read
        assertThatThrownBy(() -> browse(hub, "partner.de-rand.outbox")).isInstanceOf(JMSException.class);
    }

    /**
     * Sends one management request as the operator, its answer to hub.perf; whether the broker carried it out
     * (false when it refused the request or the operator may not even send it).
     */
    private static boolean manage(HubClient hub, String resource, String operation, Object... arguments) throws Exception {
        try (Session session = hub.connection(OPERATOR).createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            Queue replies = session.createQueue("hub.perf");
            Message request = session.createMessage();
            if (operation.startsWith("get")) {
                JMSManagementHelper.putAttribute(request, resource, Character.toLowerCase(operation.charAt(3)) + operation.substring(4));
            } else {
                JMSManagementHelper.putOperationInvocation(request, resource, operation, arguments);
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

    private static int browse(HubClient hub, String queue) throws JMSException {
        try (Session session = hub.connection(OPERATOR).createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = session.createBrowser(session.createQueue(queue))) {
            return Collections.list(browser.getEnumeration()).size();
        }
    }
}
