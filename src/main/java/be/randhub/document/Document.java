package be.randhub.document;

import java.time.Instant;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A document that passed every check, with what the hub learnt about it on the way in.
 *
 * @param trackingId    the hub's id for it, in every receipt, trail event and delivery
 * @param sender        the authenticated sender (folder, HTTP user or broker user)
 * @param channel       how it came in
 * @param receivedAt    when it came in
 * @param type          its type
 * @param documentId    the partner's own id
 * @param municipality  NIS code
 * @param json          the envelope as received, parsed (once: every check and the learning network's copy use it)
 * @param contentSha256 hash of the canonical JSON: equal for a resend, different for a conflicting one
 * @param bytes         the envelope as received (UTF-8, without a byte order mark): a receiver's full copy wraps
 *                      these bytes as they are, never a re-serialisation
 */
public record Document(String trackingId, String sender, Channel channel, Instant receivedAt, DocumentType type,
                       String documentId, String municipality, ObjectNode json, String contentSha256, byte[] bytes) {

    public JsonNode payload() {
        return json.path("payload");
    }

    /** For a referral: the partner it refers to. */
    public String referralTarget() {
        return payload().path("target").path("partner").asString(null);
    }

    /** For a status update: the referring partner and its documentId of the referral it answers. */
    public ReferralKey answers() {
        JsonNode referral = payload().path("referral");
        return new ReferralKey(referral.path("partner").asString(null), referral.path("documentId").asString(null));
    }

    /** For minutes: the attachment the document names, or a missing node. */
    public JsonNode attachment() {
        return payload().path("attachment");
    }

    public boolean hasAttachment() {
        return attachment().isObject();
    }

    public Document withTrackingId(String otherTrackingId) {
        return new Document(otherTrackingId, sender, channel, receivedAt, type, documentId, municipality, json, contentSha256, bytes);
    }

    /** A referral is known by its referring partner and that partner's documentId. */
    public record ReferralKey(String referrer, String documentId) {
        @Override
        public String toString() {
            return referrer + "/" + documentId;
        }
    }
}
