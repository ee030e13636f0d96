package be.randhub.intake;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.jms.JmsMessage;

import jakarta.jms.JMSException;
import org.springframework.stereotype.Component;

import be.randhub.document.Channel;
import be.randhub.document.HubHeaders;

/**
 * The JMS channel's part of intake: establishes who sent a message from the user the broker validated
 * ({@code _AMQ_VALIDATED_USER}), never from anything the client set, and removes every header the client set so
 * none of it travels further.
 */
@Component("jmsSender")
public class JmsSender {

    private final be.randhub.security.InternalBrokerUser internalUser;

    public JmsSender(be.randhub.security.InternalBrokerUser internalUser) {
        this.internalUser = internalUser;
    }

    static final String CORRELATION = "hubInboundCorrelation";

    public void establish(Exchange exchange, String partner) {
        Message in = exchange.getIn();
        String validated = validatedUser(exchange);
        Object replayed = in.getHeader("hubReplayed");
        String correlation = in.getHeader("JMSCorrelationID", String.class);
        exchange.setProperty(CORRELATION, correlation != null ? correlation : in.getHeader("JMSMessageID", String.class));
        in.removeHeaders("*");
        in.setHeader(HubHeaders.CHANNEL, Channel.JMS.id());
        in.setHeader(HubHeaders.SENDER, partner);
        // a dead letter an operator replays comes back from the hub's own broker user, on the partner's behalf
        boolean replayedByTheHub = internalUser.user().equals(validated) && replayed != null;
        if (!partner.equals(validated) && !replayedByTheHub) {
            exchange.setProperty(HubHeaders.SENDER_PROBLEM, "this message on partner." + partner
                    + ".inbox was not sent by partner " + partner + "'s broker user");
        }
    }

    /** The user the broker authenticated for this message (populate-validated-user); clients cannot set it. */
    private static String validatedUser(Exchange exchange) {
        JmsMessage message = exchange.getIn(JmsMessage.class);
        if (message == null || message.getJmsMessage() == null) {
            return null;
        }
        try {
            jakarta.jms.Message jms = message.getJmsMessage();
            String user = jms.getStringProperty(HubHeaders.VALIDATED_USER);
            return user != null ? user : jms.getStringProperty("JMSXUserID");
        } catch (JMSException e) {
            return null;
        }
    }

    /**
     * Prepares the receipt message: correlated with the message it answers (its correlation id if it had one, else
     * its message id), and carrying the tracking id, outcome and documentId as properties for selectors.
     */
    public void correlate(Exchange exchange) {
        Message in = exchange.getIn();
        String correlation = exchange.getProperty(CORRELATION, String.class);
        Object trackingId = in.getHeader(HubHeaders.TRACKING_ID);
        Object outcome = in.getHeader(HubHeaders.OUTCOME);
        Object documentId = in.getHeader(HubHeaders.DOCUMENT_ID);
        in.removeHeaders("*");
        in.setHeader("JMSCorrelationID", correlation);
        in.setHeader(HubHeaders.TRACKING_ID, trackingId);
        in.setHeader(HubHeaders.OUTCOME, outcome);
        in.setHeader(HubHeaders.DOCUMENT_ID, documentId);
    }
}
