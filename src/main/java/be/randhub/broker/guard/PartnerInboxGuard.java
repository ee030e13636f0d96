package be.randhub.broker.guard;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.message.impl.CoreMessage;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerPlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * A broker plugin that cleans what partners send to their inbox queues ({@code partner.<id>.inbox}) before the
 * broker stores it, so that nothing a partner sets can trip up, steer or flood the hub's consumer:
 * <ul>
 *   <li>every message becomes a bytes message: a JMS client decodes text, map and stream bodies as it receives
 *       them, and a body made to fail that decoding would stop the consumer for good (it is handed the message again
 *       and again, and nobody ever answers it). The original kind is kept in {@value #KIND} ({@code text}, {@code map},
 *       {@code object}, {@code stream}, {@code message}); the hub reads a text body itself, with every length checked,
 *       and refuses the other kinds with a receipt;</li>
 *   <li>every property the client set is removed, but for the correlation id (at most {@value #LONGEST_CORRELATION}
 *       characters), which its receipt echoes; the broker's own (the validated user, a large body's size) stay;</li>
 *   <li>no expiry and no delivery time of the client's choosing: every message waits to be answered.</li>
 * </ul>
 * Messages the hub's own user sends there (replays of dead letters) are left as they are. The embedded broker
 * registers the plugin; a standalone broker loads it from the hub's broker-plugin jar (docker/artemis/standalone-broker).
 * The class uses Artemis' API only.
 */
public class PartnerInboxGuard implements ActiveMQServerPlugin {

    /** Property the guard sets: what kind of JMS message the partner sent. */
    public static final String KIND = "hubMessageKind";
    /** Plugin setting: the broker user the hub connects as. */
    public static final String HUB_USER = "hubUser";
    static final int LONGEST_CORRELATION = 256;

    private static final Pattern INBOX = Pattern.compile("partner\\.[a-z0-9][a-z0-9-]*\\.inbox");
    private static final String CORRELATION = "JMSCorrelationID";
    /** The broker's own properties a partner's message keeps (set or checked by the broker, needed to read it). */
    private static final Set<String> BROKERS_OWN = Set.of("_AMQ_VALIDATED_USER", "_AMQ_LARGE_SIZE", "_AMQ_LARGE_COMPRESSED",
            "_AMQ_ROUTING_TYPE");
    private static final Map<Byte, String> KINDS = Map.of(Message.TEXT_TYPE, "text", Message.MAP_TYPE, "map",
            Message.OBJECT_TYPE, "object", Message.STREAM_TYPE, "stream", Message.DEFAULT_TYPE, "message",
            Message.BYTES_TYPE, "bytes");

    private String hubUser = "hub";

    public PartnerInboxGuard() {
    }

    public PartnerInboxGuard(String hubUser) {
        this.hubUser = hubUser;
    }

    @Override
    public void init(Map<String, String> properties) {
        hubUser = properties.getOrDefault(HUB_USER, hubUser);
    }

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct, boolean noAutoCreateQueue)
            throws ActiveMQException {
        String address = message.getAddress();
        if (address == null || !INBOX.matcher(address).matches() || session == null || hubUser.equals(session.getValidatedUser())) {
            return;
        }
        clean(message);
    }

    /** What a partner's message becomes: bytes, its kind noted, the client's properties, expiry and delivery time gone. */
    static void clean(Message message) {
        Object correlation = message.getObjectProperty(CORRELATION);
        for (SimpleString name : List.copyOf(message.getPropertyNames())) {
            if (!BROKERS_OWN.contains(name.toString())) {
                message.removeProperty(name);
            }
        }
        if (correlation instanceof SimpleString || correlation instanceof String) {
            String text = correlation.toString();
            if (text.length() <= LONGEST_CORRELATION) {
                message.putStringProperty(CORRELATION, text);
            }
        }
        message.putStringProperty(KIND, KINDS.getOrDefault(message.getType(), "message"));
        message.setExpiration(0);
        if (message instanceof CoreMessage core) {
            core.setType(Message.BYTES_TYPE);
        }
    }
}
