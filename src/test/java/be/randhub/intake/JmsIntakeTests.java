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
import be.randhub.support.TestDocuments;

import tools.jackson.databind.JsonNode;

/** The JMS channel: a partner's inbox queue, its receipts queue, and the broker-validated sender. */
@HubTest
class JmsIntakeTests {

    @Autowired
    HubClient hub;

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
}
