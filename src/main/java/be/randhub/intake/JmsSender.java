package be.randhub.intake;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.TextMessage;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.jms.JmsMessage;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

import be.randhub.broker.Queues;
import be.randhub.broker.guard.PartnerInboxGuard;
import be.randhub.document.Channel;
import be.randhub.document.DocumentReader;
import be.randhub.document.HubHeaders;
import be.randhub.document.Problem;
import be.randhub.document.Refusal;
import be.randhub.language.Text;
import be.randhub.routing.DeadLetters;
import be.randhub.security.InternalBrokerUser;

/**
 * The JMS channel's part of intake. A partner controls everything about its message except who the broker says
 * sent it, so:
 * <ul>
 *   <li>nothing the partner set enters the hub: the inbox endpoints take no JMS property into Camel
 *       ({@code partnerMessageHeaders}), and the body is read here, not by Camel: text or bytes only, the size
 *       checked before the body is read, text that is not valid Unicode refused; other message types (map, object,
 *       stream, a bare message) are refused with a receipt, never deserialised;</li>
 *   <li>the sender is the user the broker validated ({@code _AMQ_VALIDATED_USER}), never anything the client set;</li>
 *   <li>after the last attempt ({@link #deadLetter}) the dead letter is built anew from the bytes received and the
 *       hub's own headers; the partner's message is never restored as it was sent.</li>
 * </ul>
 */
@Component("jmsSender")
public class JmsSender {

    static final String CORRELATION = "hubInboundCorrelation";
    /** The JMS headers the inbox endpoints take into Camel; every property a client set is left out. */
    private static final Set<String> TAKEN_HEADERS = Set.of("JMSMessageID", "JMSCorrelationID");
    /** Text travels as two bytes a character at most (plus framing); a larger message is refused unread. */
    private static final int BYTES_PER_CHARACTER = 4;

    private static final String LARGE_SIZE = "_AMQ_LARGE_SIZE";
    /** A longer correlation id is not echoed (the receipt carries the message id instead). */
    private static final int LONGEST_CORRELATION = 256;

    private final InternalBrokerUser internalUser;
    private final DeadLetters deadLetters;
    private final DocumentReader reader;
    private final long maxSize;

    public JmsSender(InternalBrokerUser internalUser, DeadLetters deadLetters, DocumentReader reader) {
        this.internalUser = internalUser;
        this.deadLetters = deadLetters;
        this.reader = reader;
        this.maxSize = reader.maxSize();
    }

    /** The partner inbox endpoints' header filter: {@code headerFilterStrategy=#partnerMessageHeaders}. */
    @Bean("partnerMessageHeaders")
    HeaderFilterStrategy partnerMessageHeaders() {
        return new HeaderFilterStrategy() {
            @Override
            public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
                return true;
            }

            @Override
            public boolean applyFilterToExternalHeaders(String name, Object value, Exchange exchange) {
                return !TAKEN_HEADERS.contains(name);
            }
        };
    }

    /**
     * Establishes who sent the message and reads its body: the body becomes the bytes received, or the exchange
     * gets the channel's refusal. Every header but the hub's own is removed.
     */
    public void establish(Exchange exchange, String partner) throws JMSException {
        Message in = exchange.getIn();
        jakarta.jms.Message message = jmsMessage(exchange);
        exchange.setProperty(HubHeaders.INPUT, new byte[0]);
        exchange.setProperty(HubHeaders.CONSUMER_SESSION, exchange.getIn(JmsMessage.class).getJmsSession());
        String correlation = message.getJMSCorrelationID();
        exchange.setProperty(CORRELATION, correlation != null && correlation.length() <= LONGEST_CORRELATION
                ? correlation : message.getJMSMessageID());
        in.removeHeaders("*");
        in.setHeader(HubHeaders.CHANNEL, Channel.JMS.id());
        in.setHeader(HubHeaders.SENDER, partner);
        in.setHeader(DeadLetters.ATTEMPTS, DeadLetters.deliveryCount(exchange));
        String validated = validatedUser(message);
        // a dead letter an operator replays comes back from the hub's own broker user, on the partner's behalf
        boolean replayedByTheHub = internalUser.user().equals(validated) && message.propertyExists(HubHeaders.REPLAYED);
        Body body;
        if (!partner.equals(validated) && !replayedByTheHub) {
            body = Body.refused(new Refusal(Refusal.Kind.NOT_SENDER, List.of(Problem.of("", "jms.not-the-sender", partner))));
        } else {
            try {
                body = read(message);
            } catch (JMSException | RuntimeException unreadable) {
                // whatever the partner did to the message, it is refused, never "send again"
                body = Body.refused(Refusal.invalid("", "jms.unreadable"));
            }
        }
        if (body.refusal() != null) {
            exchange.setProperty(HubHeaders.CHANNEL_REFUSAL, body.refusal());
        }
        exchange.setProperty(HubHeaders.INPUT, body.bytes());
        in.setBody(body.bytes());
    }

    /** What the hub read from a message: the document's bytes, or why it takes none. */
    private record Body(byte[] bytes, Refusal refusal) {
        static Body refused(Refusal refusal) {
            return new Body(new byte[0], refusal);
        }
    }

    /**
     * The document a message holds. Behind the broker's inbox guard every message arrives as bytes, its kind noted
     * ({@link PartnerInboxGuard}); a standalone broker without the guard hands text messages over as text.
     */
    private Body read(jakarta.jms.Message message) throws JMSException {
        if (largeSize(message) > BYTES_PER_CHARACTER * maxSize + 1024) {
            return Body.refused(tooLarge(largeSize(message)));
        }
        String kind = message.getStringProperty(PartnerInboxGuard.KIND);
        if (message instanceof BytesMessage bytes) {
            if (bytes.getBodyLength() > BYTES_PER_CHARACTER * maxSize + 1024) {
                return Body.refused(tooLarge(bytes.getBodyLength()));
            }
            byte[] content = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(content);
            if (kind == null || "bytes".equals(kind)) {
                return content.length > maxSize ? Body.refused(tooLarge(content.length)) : new Body(content, null);
            }
            if ("text".equals(kind)) {
                String text = ArtemisText.decode(content);
                return text == null ? Body.refused(Refusal.invalid("", "jms.text-unreadable")) : fromText(text);
            }
            return Body.refused(notADocument(kind));
        }
        if (message instanceof TextMessage text) {
            return fromText(text.getText());
        }
        return Body.refused(notADocument(kind(message)));
    }

    private Body fromText(String text) {
        try {
            byte[] bytes = text == null ? new byte[0] : utf8(text);
            return bytes.length > maxSize ? Body.refused(tooLarge(bytes.length)) : new Body(bytes, null);
        } catch (CharacterCodingException e) {
            return Body.refused(Refusal.invalid("", "jms.not-unicode"));
        }
    }

    /** A message of a kind the hub does not read ({@code map}, {@code object}, {@code stream}, or one without a body). */
    private static Refusal notADocument(String kind) {
        return Refusal.invalid("", "jms.not-a-document",
                Text.of(KINDS.getOrDefault(kind, KINDS.get("message"))));
    }

    /**
     * After the last attempt: the dead letter carries the bytes as received and what the hub knows (sender,
     * channel, tracking id if one was given), and nothing the partner set.
     */
    public void deadLetter(Exchange exchange) {
        Message in = exchange.getIn();
        String partner = in.getHeader(HubHeaders.SENDER, String.class);
        Object trackingId = in.getHeader(HubHeaders.TRACKING_ID);
        Object receivedAt = in.getHeader(HubHeaders.RECEIVED_AT);
        Object documentId = in.getHeader(HubHeaders.DOCUMENT_ID);
        in.removeHeaders("*");
        in.setHeader(HubHeaders.CHANNEL, Channel.JMS.id());
        in.setHeader(HubHeaders.SENDER, partner);
        in.setHeader(HubHeaders.TRACKING_ID, trackingId);
        in.setHeader(HubHeaders.RECEIVED_AT, receivedAt);
        in.setHeader(HubHeaders.DOCUMENT_ID, documentId);
        in.setHeader(HubHeaders.OUTCOME, "dead-lettered");
        in.setHeader(DeadLetters.ATTEMPTS, DeadLetters.deliveryCount(exchange));
        deadLetters.prepareReplayInto(exchange, Queues.inbox(partner));
        byte[] input = exchange.getProperty(HubHeaders.INPUT, byte[].class);
        in.setBody(input == null ? new byte[0] : input);
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
        Object sender = in.getHeader(HubHeaders.SENDER);
        in.removeHeaders("*");
        in.setHeader("JMSCorrelationID", correlation);
        in.setHeader(HubHeaders.SENDER, sender);
        in.setHeader(HubHeaders.TRACKING_ID, trackingId);
        in.setHeader(HubHeaders.OUTCOME, outcome);
        in.setHeader(HubHeaders.DOCUMENT_ID, documentId);
    }

    private Refusal tooLarge(long size) {
        return reader.tooLarge(size).refusal();
    }

    /** The message as the broker delivered it (the inbox endpoints do not map it: mapJmsMessage=false). */
    private static jakarta.jms.Message jmsMessage(Exchange exchange) {
        JmsMessage message = exchange.getIn(JmsMessage.class);
        if (message == null || message.getJmsMessage() == null) {
            throw new IllegalStateException("not a message from a JMS endpoint");
        }
        return message.getJmsMessage();
    }

    /** The user the broker authenticated for this message (populate-validated-user); clients cannot set it. */
    private static String validatedUser(jakarta.jms.Message message) throws JMSException {
        String user = message.getStringProperty(HubHeaders.VALIDATED_USER);
        return user != null ? user : message.getStringProperty("JMSXUserID");
    }

    /** A large message's body size as the broker states it (0 for an ordinary message, or anything but a number). */
    private static long largeSize(jakarta.jms.Message message) throws JMSException {
        return message.getObjectProperty(LARGE_SIZE) instanceof Number size ? size.longValue() : 0;
    }

    private static byte[] utf8(String text) throws CharacterCodingException {
        ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        return bytes;
    }

    /** The kinds of message the hub does not read, and how a refusal names them. */
    private static final Map<String, String> KINDS = Map.of("map", "problem.jms.kind.map",
            "object", "problem.jms.kind.object", "stream", "problem.jms.kind.stream", "message", "problem.jms.kind.message");

    private static String kind(jakarta.jms.Message message) {
        if (message instanceof jakarta.jms.MapMessage) {
            return "map";
        }
        if (message instanceof jakarta.jms.ObjectMessage) {
            return "object";
        }
        if (message instanceof jakarta.jms.StreamMessage) {
            return "stream";
        }
        return "message";
    }
}
