package be.randhub.document;

/**
 * The names under which a document's metadata travels between routes, beans and queues (Camel headers, and
 * JMS properties on the hub's queues). None of them ever carries personal data.
 */
public final class HubHeaders {

    public static final String CHANNEL = "hubChannel";
    public static final String SENDER = "hubSender";
    public static final String TRACKING_ID = "hubTrackingId";
    public static final String TYPE = "hubType";
    public static final String DOCUMENT_ID = "hubDocumentId";
    public static final String MUNICIPALITY = "hubMunicipality";
    public static final String RECEIVED_AT = "hubReceivedAt";
    /** accepted | rejected | duplicate | conflict */
    public static final String OUTCOME = "hubOutcome";
    /** new | resume: whether the intake register saw this document before, unfinished */
    public static final String CLAIM = "hubClaim";
    public static final String TARGET_PARTNER = "hubTargetPartner";
    public static final String COUNTERPART = "hubCounterpart";
    /** Comma-separated receivers of a document, as routing decided. */
    public static final String RECEIVERS = "hubReceivers";
    /** The one receiver a delivery message is for. */
    public static final String RECEIVER = "hubReceiver";
    public static final String ATTACHMENT_SHA256 = "hubAttachmentSha256";
    public static final String ATTACHMENT_SHAREABLE = "hubAttachmentShareable";
    /**
     * The referral (referrer/documentId) a message is about, when it is not a document under its own tracking id: a
     * notice about an unanswered referral, a dead-lettered referral or status update. Erasure removes by it too.
     */
    public static final String REFERRAL = "hubReferral";
    /** Set by the hub on a dead letter an operator replays into a partner's inbox queue: who replayed it. */
    public static final String REPLAYED = "hubReplayed";
    /** Artemis' duplicate detection id. */
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    /** The broker user Artemis validated for a message (populate-validated-user). */
    public static final String VALIDATED_USER = "_AMQ_VALIDATED_USER";

    /** Exchange properties (never sent anywhere). */
    public static final String DOCUMENT = "hubDocument";
    public static final String REFUSAL = "hubRefusal";
    public static final String RECEIPT = "hubReceipt";
    /** Exchange property: the language of the receipt (a {@link java.util.Locale}; HTTP: the request's, else the sender's). */
    public static final String LANGUAGE = "hubLanguage";
    public static final String UPLOAD = "hubUpload";
    public static final String ATTACHMENT = "hubAttachmentInspection";
    /** A refusal the channel made before the document was read (not the sender, not a regular file, a message type the hub does not take, too large). */
    public static final String CHANNEL_REFUSAL = "hubChannelRefusal";
    /** The JMS session a partner's message was received in: its transaction publishes the document and carries the receipt. */
    public static final String CONSUMER_SESSION = "hubConsumerSession";
    /** The bytes as the channel received them: what a dead letter keeps. */
    public static final String INPUT = "hubInput";
    public static final String ORIGINAL_RECEIVED_AT = "hubOriginalReceivedAt";

    private HubHeaders() {
    }
}
