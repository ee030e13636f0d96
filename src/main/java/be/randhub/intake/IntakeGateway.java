package be.randhub.intake;

import java.util.Locale;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;

import be.randhub.attachment.AttachmentStore;
import be.randhub.document.Channel;
import be.randhub.document.HubHeaders;
import be.randhub.operations.DatabaseWatch;

/**
 * Where the HTTP channel hands a document to the intake route, once Spring Security has established who sends.
 * Returns the receipt; throws {@link IntakeUnavailableException} when the hub could not take the document in
 * (the broker or the database unreachable): then nothing was accepted and the partner may simply send again.
 */
@Component
public class IntakeGateway {

    private final ProducerTemplate producer;
    private final DatabaseWatch database;

    private final AttachmentStore attachments;

    public IntakeGateway(ProducerTemplate producer, DatabaseWatch database, AttachmentStore attachments) {
        this.producer = producer;
        this.database = database;
        this.attachments = attachments;
    }

    /**
     * @param language the language the request asked for: the receipt's
     */
    public Receipt submit(String sender, byte[] body, AttachmentStore.Inspection upload, Locale language) {
        if (database.isAway()) {
            // the document could not be claimed: answered before it is read and checked
            attachments.discard(upload);
            throw new IntakeUnavailableException(new CannotGetJdbcConnectionException("the database cannot be reached"));
        }
        try {
            Exchange result = producer.send("direct:intake", exchange -> {
                exchange.getIn().setHeader(HubHeaders.CHANNEL, Channel.HTTP.id());
                exchange.getIn().setHeader(HubHeaders.SENDER, sender);
                exchange.getIn().setBody(body);
                exchange.setProperty(HubHeaders.INPUT, body);
                exchange.setProperty(HubHeaders.LANGUAGE, language);
                if (upload != null) {
                    exchange.setProperty(HubHeaders.UPLOAD, upload);
                }
            });
            if (result.getException() != null) {
                throw new IntakeUnavailableException(result.getException());
            }
            return result.getProperty(HubHeaders.RECEIPT, Receipt.class);
        } finally {
            // whatever the outcome (accepted: moved into the store already; duplicate, conflict, refused, 503)
            attachments.discard(upload);
        }
    }

    /** The hub could not take a document in right now; nothing was accepted. */
    public static class IntakeUnavailableException extends RuntimeException {
        public IntakeUnavailableException(Throwable cause) {
            super("intake unavailable", cause);
        }
    }
}
