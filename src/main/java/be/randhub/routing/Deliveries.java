package be.randhub.routing;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

import be.randhub.document.DocumentType;
import be.randhub.document.HubHeaders;
import be.randhub.registry.PartnerRegistry;
import be.randhub.tracking.Trail;
import be.randhub.tracking.TrailEvent;

import tools.jackson.databind.JsonNode;
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

    /** Exchange property: the SHA-256 of a PDF that goes along with this delivery. */
    static final String ATTACHMENT_TO_DELIVER = "hubDeliverAttachment";

    /** The trail's one note on every learning-network copy, whatever was found in it. */
    static final String SCRUBBED = "the learning network's copy: contact data and known names removed, if any";

    private final JsonMapper json;
    private final LearningNetworkCopy learningNetworkCopy;
    private final Trail trail;
    private final be.randhub.operations.HubMetrics metrics;

    public Deliveries(JsonMapper json, LearningNetworkCopy learningNetworkCopy, Trail trail, be.randhub.operations.HubMetrics metrics) {
        this.metrics = metrics;
        this.json = json;
        this.learningNetworkCopy = learningNetworkCopy;
        this.trail = trail;
    }

    /** Trail: which receivers routing chose. */
    public void routed(Exchange exchange) {
        Message in = exchange.getIn();
        trail.note(exchange, TrailEvent.of(in.getHeader(HubHeaders.TRACKING_ID, String.class), TrailEvent.Kind.ROUTED,
                in.getHeader(HubHeaders.SENDER, String.class), null, in.getHeader(HubHeaders.CHANNEL, String.class),
                "to " + in.getHeader(HubHeaders.RECEIVERS, String.class)));
    }

    /** Replaces the body (the envelope as accepted) with the receiver's delivery. */
    public void render(Exchange exchange) {
        Message in = exchange.getIn();
        String receiver = in.getHeader(HubHeaders.RECEIVER, String.class);
        String trackingId = in.getHeader(HubHeaders.TRACKING_ID, String.class);
        ObjectNode document = (ObjectNode) json.readTree(in.getBody(String.class));
        boolean learningNetwork = PartnerRegistry.LEARNING_NETWORK.equals(receiver);
        if (learningNetwork && isAboutAReferral(document)) {
            throw new IllegalStateException("refusing to deliver a " + document.path("type").asString()
                    + " to the learning network: it never receives anything about a referral");
        }
        // the learning network's copy first: its wrapper names the attachment as the scrubbed copy does
        ObjectNode copy = learningNetwork ? learningNetworkCopy.of(document, new java.util.TreeMap<>()) : document;
        ObjectNode delivery = json.createObjectNode();
        delivery.put("trackingId", trackingId);
        delivery.put("receiver", receiver);
        delivery.put("sender", in.getHeader(HubHeaders.SENDER, String.class));
        delivery.put("channel", in.getHeader(HubHeaders.CHANNEL, String.class));
        delivery.put("receivedAt", in.getHeader(HubHeaders.RECEIVED_AT, String.class));
        JsonNode attachment = document.path("payload").path("attachment");
        if (attachment.isObject()) {
            boolean shareable = attachment.path("shareable").asBoolean(false);
            ObjectNode note = delivery.putObject("attachment");
            if (!learningNetwork || shareable) {
                String sha256 = attachment.path("sha256").asString();
                note.put("file", trackingId + ".pdf");
                note.put("fileName", copy.path("payload").path("attachment").path("fileName").asString());
                note.put("sha256", sha256);
                note.put("href", "/api/v1/attachments/" + sha256);
                exchange.setProperty(ATTACHMENT_TO_DELIVER, sha256);
            } else {
                note.put("withheld", true);
                note.put("reason", "the sender did not mark the attachment shareable with the learning network");
            }
        }
        if (learningNetwork) {
            document = copy;
            // the copy's message carries the scrubbed documentId too
            in.setHeader(HubHeaders.DOCUMENT_ID, copy.path("documentId").asString());
            // the same words for every copy: what or how much was found would tell the sender who was referred
            trail.note(exchange, TrailEvent.of(trackingId, TrailEvent.Kind.SCRUBBED, in.getHeader(HubHeaders.SENDER, String.class),
                    receiver, in.getHeader(HubHeaders.CHANNEL, String.class), SCRUBBED));
        }
        ObjectNode body = json.createObjectNode();
        body.set("delivery", delivery);
        body.set("document", document);
        in.setBody(json.writerWithDefaultPrettyPrinter().writeValueAsString(body));
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

    private static boolean isAboutAReferral(JsonNode document) {
        String type = document.path("type").asString("");
        return DocumentType.REFERRAL.id().equals(type) || DocumentType.REFERRAL_STATUS.id().equals(type);
    }
}
