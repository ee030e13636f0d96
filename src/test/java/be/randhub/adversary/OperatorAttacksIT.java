package be.randhub.adversary;

import static be.randhub.support.ManagementRequests.manage;
import static be.randhub.support.TestPartners.DE_RAND;
import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;

import jakarta.jms.JMSException;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import org.apache.activemq.artemis.api.core.management.ResourceNames;
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
        assertThat(manage(hub.connection(OPERATOR), ResourceNames.QUEUE + "hub.delivery", "getMessageCount")).isTrue();

        assertThat(manage(hub.connection(OPERATOR), ResourceNames.QUEUE + "partner.de-rand.outbox", "listMessages", "")).isFalse();
        assertThat(manage(hub.connection(OPERATOR), ResourceNames.QUEUE + "hub.dead-letter", "browse")).isFalse();
        assertThat(manage(hub.connection(OPERATOR), ResourceNames.BROKER, "createQueue", "{\"name\":\"operator.spy\",\"address\":\"operator.spy\","
                + "\"routing-type\":\"ANYCAST\",\"durable\":true,\"auto-create-address\":true}", true)).isFalse();
        assertThat(manage(hub.connection(OPERATOR), ResourceNames.BROKER, "destroyQueue", "hub.tracking")).isFalse();
        assertThat(manage(hub.connection(OPERATOR), ResourceNames.BROKER, "addSecuritySettings", "partner.de-rand.outbox", "", "operator", "", "",
                "", "", "", "operator", "", "", "", "")).isFalse();
        assertThat(manage(hub.connection(OPERATOR), ResourceNames.QUEUE + "agency.inbox", "removeAllMessages")).isFalse();
        // nothing it tried changed the rights: the partner's outbox is still not the operator's to read
        assertThatThrownBy(() -> browse(hub, "partner.de-rand.outbox")).isInstanceOf(JMSException.class);
    }

    private static int browse(HubClient hub, String queue) throws JMSException {
        try (Session session = hub.connection(OPERATOR).createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = session.createBrowser(session.createQueue(queue))) {
            return Collections.list(browser.getEnumeration()).size();
        }
    }
}
