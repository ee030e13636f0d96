package be.randhub.feed;

import java.time.Instant;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

import be.randhub.broker.Queues;
import be.randhub.document.Document;
import be.randhub.document.DocumentType;
import be.randhub.document.HubHeaders;
import be.randhub.referral.ReferralStore;

import tools.jackson.databind.json.JsonMapper;

/**
 * Queues an accepted document's feed entry on {@code hub.feed}, in the publishing transaction: the entry exists
 * exactly when the document was accepted.
 */
@Component("feedEntries")
public class FeedEntries {

    private final JmsTemplate jms;
    private final JsonMapper json;
    private final ReferralStore referrals;

    public FeedEntries(JmsTemplate jms, JsonMapper json, ReferralStore referrals) {
        this.jms = jms;
        this.json = json;
        this.referrals = referrals;
    }

    public void record(Exchange exchange) {
        Message in = exchange.getIn();
        Document document = exchange.getProperty(HubHeaders.DOCUMENT, Document.class);
        String target = null;
        String activity = null;
        String category = null;
        String status = null;
        if (document.type() == DocumentType.REFERRAL) {
            target = document.referralTarget();
            activity = document.payload().path("target").path("activity").path("name").asString();
            category = document.payload().path("target").path("activity").path("category").asString();
            status = "requested";
        } else if (document.type() == DocumentType.REFERRAL_STATUS) {
            var referral = referrals.find(document.answers().referrer(), document.answers().documentId()).orElseThrow();
            target = referral.target();
            activity = referral.activityName();
            category = referral.activityCategory();
            status = document.payload().path("status").asString();
        }
        FeedEntry entry = new FeedEntry(in.getHeader(HubHeaders.TRACKING_ID, String.class), document.sender(),
                document.type().id(), document.municipality(), Instant.parse(in.getHeader(HubHeaders.RECEIVED_AT, String.class)),
                target, activity, category, status);
        String body = json.writeValueAsString(entry);
        jms.send(Queues.FEED, session -> {
            var message = session.createTextMessage(body);
            message.setStringProperty(HubHeaders.TRACKING_ID, entry.trackingId());
            return message;
        });
    }
}
