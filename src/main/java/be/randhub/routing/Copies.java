package be.randhub.routing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

import org.springframework.stereotype.Component;

import be.randhub.document.DocumentType;
import be.randhub.registry.PartnerRegistry;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes one receiver's copy of a document, the bytes of its file and of its queue message:
 * <pre>
 * { "delivery": { trackingId, receiver, sender, channel, receivedAt, attachment? },
 *   "document": the envelope as received, or the learning network's copy }
 * </pre>
 * The agency and partners get the document exactly as the partner sent it: its received bytes, wrapped, never
 * parsed or written again. The learning network gets {@link LearningNetworkCopy}'s copy, and never a referral or a
 * status update.
 */
@Component
public class Copies {

    /** The trail's one note on every learning-network copy, whatever was found in it. */
    static final String SCRUBBED = "the learning network's copy: contact data and known names removed, if any";

    private static final byte[] OPEN = "{\"delivery\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DOCUMENT = ",\"document\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CLOSE = "}\n".getBytes(StandardCharsets.UTF_8);

    private final JsonMapper json;
    private final LearningNetworkCopy learningNetworkCopy;

    public Copies(JsonMapper json, LearningNetworkCopy learningNetworkCopy) {
        this.json = json;
        this.learningNetworkCopy = learningNetworkCopy;
    }

    /** What the hub knows about a document besides its content, as its delivery note states it. */
    public record Origin(String trackingId, String sender, String channel, String receivedAt) {
    }

    /**
     * One receiver's copy.
     *
     * @param bytes            the file's content, and its queue message's (as UTF-8 text)
     * @param attachmentSha256 the PDF that goes along (beside the file, {@code <trackingId>.pdf}), or null
     * @param documentId       the documentId the copy shows (the learning network's is scrubbed)
     * @param scrubbed         whether it is the learning network's copy (its trail says so)
     */
    public record Copy(String receiver, byte[] bytes, String attachmentSha256, String documentId, boolean scrubbed) {

        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /**
     * The receiver's copy of a document: {@code envelope} is the parsed document, {@code received} its bytes as
     * received (the full copy wraps them as they are).
     */
    public Copy of(Origin origin, String receiver, ObjectNode envelope, byte[] received) {
        boolean learningNetwork = PartnerRegistry.LEARNING_NETWORK.equals(receiver);
        if (learningNetwork && isAboutAReferral(envelope)) {
            throw new IllegalStateException("refusing to deliver a " + envelope.path("type").asString()
                    + " to the learning network: it never receives anything about a referral");
        }
        // the learning network's copy first: its note names the attachment as the scrubbed copy does
        ObjectNode shown = learningNetwork ? learningNetworkCopy.of(envelope, new TreeMap<>()) : envelope;
        ObjectNode delivery = json.createObjectNode();
        delivery.put("trackingId", origin.trackingId());
        delivery.put("receiver", receiver);
        delivery.put("sender", origin.sender());
        delivery.put("channel", origin.channel());
        delivery.put("receivedAt", origin.receivedAt());
        String attachmentSha256 = null;
        JsonNode attachment = envelope.path("payload").path("attachment");
        if (attachment.isObject()) {
            boolean shareable = attachment.path("shareable").asBoolean(false);
            ObjectNode note = delivery.putObject("attachment");
            if (!learningNetwork || shareable) {
                attachmentSha256 = attachment.path("sha256").asString();
                note.put("file", origin.trackingId() + ".pdf");
                note.put("fileName", shown.path("payload").path("attachment").path("fileName").asString());
                note.put("sha256", attachmentSha256);
                note.put("href", "/api/v1/attachments/" + attachmentSha256);
            } else {
                note.put("withheld", true);
                note.put("reason", "the sender did not mark the attachment shareable with the learning network");
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(received.length + 512);
        out.writeBytes(OPEN);
        out.writeBytes(json.writeValueAsBytes(delivery));
        out.writeBytes(DOCUMENT);
        out.writeBytes(learningNetwork ? json.writeValueAsBytes(shown) : received);
        out.writeBytes(CLOSE);
        return new Copy(receiver, out.toByteArray(), attachmentSha256, shown.path("documentId").asString(), learningNetwork);
    }

    private static boolean isAboutAReferral(JsonNode document) {
        String type = document.path("type").asString("");
        return DocumentType.REFERRAL.id().equals(type) || DocumentType.REFERRAL_STATUS.id().equals(type);
    }
}
