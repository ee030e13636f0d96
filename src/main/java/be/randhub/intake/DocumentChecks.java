package be.randhub.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

import be.randhub.attachment.AttachmentAccess;
import be.randhub.attachment.AttachmentProperties;
import be.randhub.attachment.AttachmentStore;
import be.randhub.attachment.AttachmentStore.Inspection;
import be.randhub.config.HubTrouble;
import be.randhub.document.Channel;
import be.randhub.document.Document;
import be.randhub.document.DocumentReader;
import be.randhub.document.DocumentReader.UnreadableDocument;
import be.randhub.document.DocumentType;
import be.randhub.document.HubHeaders;
import be.randhub.document.Problem;
import be.randhub.document.Refusal;
import be.randhub.document.SchemaCatalog;
import be.randhub.operations.HubMetrics;
import be.randhub.referral.Referral;
import be.randhub.tracking.TrackingIds;
import be.randhub.tracking.Trail;
import be.randhub.tracking.TrailEvent;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The intake's first step, the same for every channel: give the document a tracking id, read it, check it
 * against its schema, the rules and its attachment, and tell the route the outcome in {@code hubOutcome}.
 * Every problem found is collected, so a partner fixes everything in one go.
 */
@Component("documentChecks")
public class DocumentChecks {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DocumentChecks.class);

    private final DocumentReader reader;
    private final SchemaCatalog schemas;
    private final DocumentRules rules;
    private final AttachmentStore attachments;
    private final AttachmentProperties attachmentProperties;
    private final AttachmentAccess attachmentAccess;
    private final DropFolder dropFolder;
    private final Trail trail;
    private final IntakeRegister register;
    private final HubMetrics metrics;

    public DocumentChecks(DocumentReader reader, SchemaCatalog schemas, DocumentRules rules, AttachmentStore attachments,
                          AttachmentProperties attachmentProperties, AttachmentAccess attachmentAccess, DropFolder dropFolder,
                          Trail trail, IntakeRegister register, HubMetrics metrics) {
        this.register = register;
        this.metrics = metrics;
        this.reader = reader;
        this.schemas = schemas;
        this.rules = rules;
        this.attachments = attachments;
        this.attachmentProperties = attachmentProperties;
        this.attachmentAccess = attachmentAccess;
        this.dropFolder = dropFolder;
        this.trail = trail;
    }

    public void check(Exchange exchange) {
        Message in = exchange.getIn();
        Channel channel = Channel.valueOf(in.getHeader(HubHeaders.CHANNEL, String.class).toUpperCase());
        String sender = in.getHeader(HubHeaders.SENDER, String.class);
        String trackingId = TrackingIds.next();
        Instant receivedAt = Instant.now();
        in.setHeader(HubHeaders.TRACKING_ID, trackingId);
        in.setHeader(HubHeaders.RECEIVED_AT, receivedAt.toString());
        trail.note(exchange, TrailEvent.of(trackingId, TrailEvent.Kind.RECEIVED, sender, null, channel.id(), null));

        Refusal refusal;
        try {
            refusal = check(exchange, channel, sender, trackingId, receivedAt);
        } catch (UnreadableDocument unreadable) {
            refusal = unreadable.refusal();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the document's attachment", e);
        } catch (RuntimeException failed) {
            if (HubTrouble.is(failed)) {
                throw failed; // the database, the broker or the disk: the channel answers "send again"
            }
            // the document itself made a check fail: sent again unchanged, it would fail again
            log.error("A document could not be checked ({}); it is refused", failed.getClass().getSimpleName());
            refusal = Refusal.invalid("", "document.check-failed", trackingId);
        }
        Document accepted = exchange.getProperty(HubHeaders.DOCUMENT, Document.class);
        metrics.received(channel.id(), sender, accepted == null ? "unknown" : accepted.type().id());
        if (refusal != null) {
            attachments.discard(exchange.getProperty(HubHeaders.UPLOAD, Inspection.class));
            exchange.setProperty(HubHeaders.REFUSAL, refusal);
            in.setHeader(HubHeaders.OUTCOME, "rejected");
            trail.note(exchange, TrailEvent.of(trackingId, TrailEvent.Kind.REJECTED, sender, null, channel.id(), summary(refusal)));
        } else {
            in.setHeader(HubHeaders.OUTCOME, "accepted");
            trail.note(exchange, TrailEvent.of(trackingId, TrailEvent.Kind.VALIDATED, sender, null, channel.id(), null));
        }
    }

    private Refusal check(Exchange exchange, Channel channel, String sender, String trackingId, Instant receivedAt)
            throws UnreadableDocument, IOException {
        Refusal channelRefusal = exchange.getProperty(HubHeaders.CHANNEL_REFUSAL, Refusal.class);
        if (channelRefusal != null) {
            return channelRefusal;
        }
        JsonNode node = reader.read(body(exchange));
        if (!node.isObject()) {
            return Refusal.invalid("", "document.not-an-object", SchemaProblems.jsonType(node.getNodeType().name().toLowerCase()));
        }
        ObjectNode envelope = (ObjectNode) node;
        Optional<DocumentType> type = DocumentType.fromId(envelope.path("type").asString(""));
        List<Problem> problems = new ArrayList<>(SchemaProblems.describe(schemas.validate(envelope, type)));
        boolean notSender = false;
        String claimed = envelope.path("partner").asString(null);
        if (claimed != null && !claimed.equals(sender)) {
            notSender = true;
            problems.add(0, Problem.of("/partner", "partner.not-the-sender", claimed, sender));
        }
        if (envelopeUsable(problems) && type.isPresent()) {
            Document document = new Document(trackingId, sender, channel, receivedAt, type.get(),
                    envelope.path("documentId").asString(), envelope.path("municipality").asString(), envelope,
                    reader.contentHash(envelope), DocumentReader.withoutByteOrderMark(body(exchange)));
            Optional<Referral> answered = Optional.empty();
            if (!notSender) {
                // a resend of a status update already taken in is judged by the register (duplicate), not by
                // the referral's status, which it changed itself the first time
                boolean resent = document.type() == DocumentType.REFERRAL_STATUS && register.knows(document);
                DocumentRules.Checked checked = rules.check(document, !resent);
                problems.addAll(checked.problems());
                answered = checked.answered();
            }
            checkAttachment(exchange, document, problems);
            if (problems.isEmpty()) {
                accept(exchange, document, answered);
                return null;
            }
        }
        return new Refusal(notSender ? Refusal.Kind.NOT_SENDER : Refusal.Kind.INVALID, problems);
    }

    /** The envelope's own fields are sound, so the payload rules can be checked too. */
    private static boolean envelopeUsable(List<Problem> problems) {
        return problems.stream().noneMatch(problem -> problem.pointer().isEmpty()
                || problem.pointer().matches("/(schemaVersion|documentId|type|partner|municipality|createdAt|payload)"));
    }

    private void accept(Exchange exchange, Document document, Optional<Referral> answered) {
        Message in = exchange.getIn();
        exchange.setProperty(HubHeaders.DOCUMENT, document);
        in.setHeader(HubHeaders.TYPE, document.type().id());
        in.setHeader(HubHeaders.DOCUMENT_ID, document.documentId());
        in.setHeader(HubHeaders.MUNICIPALITY, document.municipality());
        switch (document.type()) {
            case REFERRAL -> in.setHeader(HubHeaders.TARGET_PARTNER, document.referralTarget());
            case REFERRAL_STATUS -> answered.ifPresent(referral -> {
                in.setHeader(HubHeaders.COUNTERPART, referral.counterpartOf(document.sender()));
                exchange.setProperty(IntakeRegister.REFERRAL_STATUS_BEFORE, referral.status());
            });
            default -> { }
        }
        if (document.hasAttachment()) {
            in.setHeader(HubHeaders.ATTACHMENT_SHA256, document.attachment().path("sha256").asString());
            in.setHeader(HubHeaders.ATTACHMENT_SHAREABLE, document.attachment().path("shareable").asBoolean(false));
        }
    }

    private void checkAttachment(Exchange exchange, Document document, List<Problem> problems) throws IOException {
        Inspection upload = exchange.getProperty(HubHeaders.UPLOAD, Inspection.class);
        if (!document.hasAttachment()) {
            if (upload != null) {
                problems.add(Problem.of("/payload/attachment", "attachment.not-named"));
            }
            return;
        }
        JsonNode stated = document.attachment();
        String fileName = stated.path("fileName").asString("");
        String sha256 = stated.path("sha256").asString("");
        Inspection provided = upload;
        if (provided == null && document.channel() == Channel.FILE && !fileName.isEmpty()) {
            DropFolder.DroppedAttachment dropped = dropFolder.takeAttachment(exchange, document.sender(), fileName);
            if (dropped != null && dropped.problem() != null) {
                problems.add(dropped.problem());
                return;
            }
            provided = dropped == null ? null : dropped.inspection();
            exchange.setProperty(HubHeaders.UPLOAD, provided);
        }
        if (provided == null) {
            // named by its hash alone: only bytes this sender sent itself before (the answer is the same whether or
            // not the hub holds a file with that hash for someone else)
            if (!attachmentAccess.sentBy(sha256, document.sender())) {
                problems.add(missing(document.channel(), fileName));
            }
            return;
        }
        long limitMb = attachments.maxSize() / (1024 * 1024);
        if (provided.tooLarge()) {
            problems.add(Problem.of("/payload/attachment", "attachment.too-large", fileName, limitMb));
        } else if (provided.notPdf() != null) {
            problems.add(Problem.of("/payload/attachment", "attachment.not-pdf", fileName, provided.notPdf()));
        } else if (!provided.sha256().equals(sha256)) {
            problems.add(Problem.of("/payload/attachment/sha256", "attachment.sha256-mismatch", fileName, provided.sha256()));
        } else {
            exchange.setProperty(HubHeaders.ATTACHMENT, provided);
        }
    }

    private Problem missing(Channel channel, String fileName) {
        return switch (channel) {
            case HTTP -> Problem.of("/payload/attachment", "attachment.not-sent", fileName);
            case FILE -> Problem.of("/payload/attachment", "attachment.not-dropped", fileName, attachmentProperties.dropWait().toSeconds());
            case JMS -> Problem.of("/payload/attachment", "attachment.not-over-jms");
        };
    }

    private static byte[] body(Exchange exchange) {
        byte[] body = exchange.getIn().getBody(byte[].class);
        return body == null ? new byte[0] : body;
    }

    /** What the trail says about a refusal: how many problems, where. Never the content. */
    private static String summary(Refusal refusal) {
        String where = refusal.problems().stream().map(Problem::pointer).map(pointer -> pointer.isEmpty() ? "/" : pointer)
                .distinct().limit(10).collect(Collectors.joining(", "));
        return refusal.kind().name().toLowerCase() + ": " + refusal.problems().size() + " problem(s) at " + where;
    }
}
