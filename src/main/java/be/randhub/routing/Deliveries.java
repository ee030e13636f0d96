package be.randhub.routing;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

import be.randhub.document.HubHeaders;
import be.randhub.tracking.Trail;
import be.randhub.tracking.TrailEvent;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * How one delivery is made: the receiver's copy of the document, wrapped with the hub's delivery metadata.
 * The agency and partners get the document in full; the learning network gets {@link LearningNetworkCopy}'s
 * copy, and never a referral or a status update.
 * <pre>
 * { "delivery": { trackingId, receiver, sender, channel, receivedAt, attachment? },
 *   "document": { the envelope as sent, or the learning network's copy } }
 * </pre>
 */
@Component("deliveries")
public class Deliveries {

    private final JsonMapper json;
    private final Copies copies;
    private final Trail trail;
    private final be.randhub.operations.HubMetrics metrics;

    public Deliveries(JsonMapper json, Copies copies, Trail trail, be.randhub.operations.HubMetrics metrics) {
        this.metrics = metrics;
        this.json = json;
        this.copies = copies;
        this.trail = trail;
    }

    /**
     * Trail: which receivers routing chose. The event names them (comma-separated) as its receiver: it is published
     * with the copies, and stored it marks the document accepted for them (see TrackingStore).
     */
    public void routed(Exchange exchange) {
        Message in = exchange.getIn();
        String receivers = in.getHeader(HubHeaders.RECEIVERS, String.class);
        trail.note(exchange, TrailEvent.of(in.getHeader(HubHeaders.TRACKING_ID, String.class), TrailEvent.Kind.ROUTED,
                in.getHeader(HubHeaders.SENDER, String.class), receivers, in.getHeader(HubHeaders.CHANNEL, String.class),
                "to " + receivers));
    }

    /**
     * Replaces the body (the document as received, on hub.delivery: a copy that failed when it was published) with
     * the receiver's copy.
     */
    public void render(Exchange exchange) {
        Message in = exchange.getIn();
        String receiver = in.getHeader(HubHeaders.RECEIVER, String.class);
        byte[] received = in.getBody(byte[].class);
        Copies.Copy copy = copies.of(new Copies.Origin(in.getHeader(HubHeaders.TRACKING_ID, String.class),
                in.getHeader(HubHeaders.SENDER, String.class), in.getHeader(HubHeaders.CHANNEL, String.class),
                in.getHeader(HubHeaders.RECEIVED_AT, String.class)), receiver, (ObjectNode) json.readTree(received), received);
        if (copy.attachmentSha256() != null) {
            exchange.setProperty(Outbox.ATTACHMENT, copy.attachmentSha256());
        }
        if (copy.scrubbed()) {
            // the copy's message carries the scrubbed documentId too
            in.setHeader(HubHeaders.DOCUMENT_ID, copy.documentId());
            trail.note(exchange, scrubbed(in.getHeader(HubHeaders.TRACKING_ID, String.class), in.getHeader(HubHeaders.SENDER, String.class),
                    receiver, in.getHeader(HubHeaders.CHANNEL, String.class)));
        }
        in.setBody(copy.text());
    }

    /** The same words for every learning-network copy: what or how much was found would tell the sender who was referred. */
    public static TrailEvent scrubbed(String trackingId, String sender, String receiver, String channel) {
        return TrailEvent.of(trackingId, TrailEvent.Kind.SCRUBBED, sender, receiver, channel, Copies.SCRUBBED);
    }

    /** Trail: the copy was dropped, not delivered, because the document's personal data was erased meanwhile. */
    public void droppedErased(Exchange exchange) {
        Message in = exchange.getIn();
        trail.note(exchange, TrailEvent.of(in.getHeader(HubHeaders.TRACKING_ID, String.class), TrailEvent.Kind.DISCARDED,
                in.getHeader(HubHeaders.SENDER, String.class), in.getHeader(HubHeaders.RECEIVER, String.class),
                in.getHeader(HubHeaders.CHANNEL, String.class), "not delivered: the document was erased while this copy was on its way"));
    }

    /** Trail: delivered to the receiver (file written and queue message sent, in this transaction). */
    public void delivered(Exchange exchange) {
        Message in = exchange.getIn();
        metrics.delivered(in.getHeader(HubHeaders.RECEIVER, String.class), in.getHeader(HubHeaders.CHANNEL, String.class),
                in.getHeader(HubHeaders.SENDER, String.class), in.getHeader(HubHeaders.TYPE, String.class));
        trail.note(exchange, TrailEvent.of(in.getHeader(HubHeaders.TRACKING_ID, String.class), TrailEvent.Kind.DELIVERED,
                in.getHeader(HubHeaders.SENDER, String.class), in.getHeader(HubHeaders.RECEIVER, String.class),
                in.getHeader(HubHeaders.CHANNEL, String.class), null));
    }
}
