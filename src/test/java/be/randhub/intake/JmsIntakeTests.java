package be.randhub.intake;

import static be.randhub.support.TestPartners.AGENCY;
import static be.randhub.support.TestPartners.DE_RAND;
import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.RISO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import be.randhub.support.HubClient;
import be.randhub.support.HubTest;
import be.randhub.support.HubTestConfiguration;
import be.randhub.support.TestDocuments;
import be.randhub.support.TestPartners;

import tools.jackson.databind.JsonNode;

/** The JMS channel: a partner's inbox queue, its receipts queue, and the broker-validated sender. */
@HubTest
class JmsIntakeTests {

    @Autowired
    HubClient hub;

    @Autowired
    jakarta.jms.ConnectionFactory hubConnections;

    @Test
    void receiptAnswersTheMessageItBelongsTo() {
        String messageId = hub.sendDocument(KANAK, TestDocuments.referral(KANAK, DE_RAND).json());

        JsonNode receipt = hub.awaitJmsReceipt(KANAK, messageId);

        assertThat(receipt.path("status").asString()).isEqualTo("accepted");
        assertThat(receipt.path("channel").asString()).isEqualTo("jms");
        hub.awaitOutbox(AGENCY, receipt.path("trackingId").asString());
    }

    @Test
    void badMessageGetsOneRejectedReceiptAndIsNotRedelivered() {
        String messageId = hub.sendDocument(RISO, "this is not JSON");

        JsonNode receipt = hub.awaitJmsReceipt(RISO, messageId);

        assertThat(receipt.path("status").asString()).isEqualTo("rejected");
        assertThat(receipt.at("/errors/0/message").asString()).contains("not valid JSON");
        assertThat(hub.receive(RISO, "partner.riso.receipts", "JMSCorrelationID = '" + messageId + "'", Duration.ofSeconds(2)))
                .as("a second receipt would mean the message was redelivered").isEmpty();
    }

    @Test
    void bytesMessagesAreReadAsUtf8() throws Exception {
        String messageId;
        try (Session session = hub.connection(RISO).createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createQueue("partner.riso.inbox"))) {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(TestDocuments.feedbackReport(RISO, "23098").json().getBytes(StandardCharsets.UTF_8));
            producer.send(message);
            messageId = message.getJMSMessageID();
        }

        assertThat(hub.awaitJmsReceipt(RISO, messageId).path("status").asString()).isEqualTo("accepted");
    }

    @Test
    void propertiesAClientSetsDoNotChangeWhoSent() {
        String document = TestDocuments.feedbackReport(KANAK, "23102").json();

        String messageId = hub.sendJms(KANAK, "partner.kanak.inbox", document,
                Map.of("hubSender", RISO, "hubChannel", "http", "hubTrackingId", "00000000-0000-7000-8000-000000000000"));
        JsonNode receipt = hub.awaitJmsReceipt(KANAK, messageId);

        assertThat(receipt.path("status").asString()).isEqualTo("accepted");
        assertThat(receipt.path("partner").asString()).isEqualTo(KANAK);
        assertThat(receipt.path("channel").asString()).isEqualTo("jms");
        assertThat(receipt.path("trackingId").asString()).isNotEqualTo("00000000-0000-7000-8000-000000000000");
    }

    @Test
    void aPartnerCannotSendToAnotherPartnersInbox() {
        assertThatThrownBy(() -> hub.sendJms(KANAK, "partner.riso.inbox", TestDocuments.feedbackReport(RISO, "23098").json()))
                .hasCauseInstanceOf(JMSSecurityException.class)
                .hasMessageContaining("does not have permission='SEND' on address partner.riso.inbox");
    }

    @Test
    void minutesWithAnAttachmentAreSentOverHttpOrFileNotJms() {
        byte[] pdf = TestDocuments.pdf("jms attachment");
        String document = TestDocuments.minutes(RISO, "23098").attachment(pdf, "verslag.pdf", false).json();

        JsonNode receipt = hub.awaitJmsReceipt(RISO, hub.sendDocument(RISO, document));

        assertThat(receipt.path("status").asString()).isEqualTo("rejected");
        assertThat(receipt.at("/errors/0/message").asString()).contains("HTTP (multipart) and file drop only");
    }

    /**
     * A message whose intake fails on every attempt (here a fault the test configuration puts before intake for
     * marked documents) ends on the hub's own dead-letter queue with its reason and a dead-lettered receipt, never
     * silently on the broker's DLQ; the dead letter carries the bytes received and the hub's headers, none of the
     * properties the partner set (a redirect, the replay marker, forged metadata), and no other partner hears of it.
     */
    @Test
    void aMessageThatFailsEveryAttemptIsDeadLetteredByTheHubWithNothingThePartnerSet() throws Exception {
        String partner = TestPartners.SPORTS_COUNCIL;
        String document = TestDocuments.feedbackReport(partner, "23101")
                .set("/payload/outcomes/0", HubTestConfiguration.FAIL_EVERY_ATTEMPT).json();

        String messageId = hub.sendJms(partner, "partner." + partner + ".inbox", document, Map.of(
                "CamelJmsDestinationName", "partner.riso.inbox", "hubReplayed", "operator", "hubSender", RISO,
                "hubReplayTo", "partner.riso.inbox", "JMSXGroupID", "x"));
        JsonNode receipt = hub.awaitJmsReceipt(partner, messageId);

        assertThat(receipt.path("status").asString()).isEqualTo("dead-lettered");
        assertThat(receipt.path("message").asString()).contains("after 3 attempts");
        String trackingId = receipt.path("trackingId").asString();
        jakarta.jms.Message deadLetter;
        try (jakarta.jms.Connection connection = hubConnections.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             jakarta.jms.QueueBrowser browser = session.createBrowser(session.createQueue("hub.dead-letter"),
                     "hubTrackingId = '" + trackingId + "'")) {
            deadLetter = (jakarta.jms.Message) java.util.Collections.list(browser.getEnumeration()).get(0);
        }
        assertThat(deadLetter.getStringProperty("hubSender")).isEqualTo(partner);
        assertThat(deadLetter.getStringProperty("hubReplayTo")).isEqualTo("partner." + partner + ".inbox");
        assertThat(deadLetter.getStringProperty("hubFailedRoute")).isEqualTo("jms-intake-" + partner);
        assertThat(deadLetter.getStringProperty("hubError")).contains("a fault the test put in place");
        assertThat(deadLetter.propertyExists("CamelJmsDestinationName")).isFalse();
        assertThat(deadLetter.propertyExists("hubReplayed")).isFalse();
        byte[] body = new byte[(int) ((BytesMessage) deadLetter).getBodyLength()];
        ((BytesMessage) deadLetter).readBytes(body);
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(document);
        assertThat(hub.receive(RISO, "partner.riso.receipts", null, Duration.ofSeconds(1))).isEmpty();
        assertThat(hub.receive(partner, "partner." + partner + ".receipts", "JMSCorrelationID = '" + messageId + "'",
                Duration.ofSeconds(1))).as("one receipt only").isEmpty();
    }
}
