package be.randhub.adversary;

import static be.randhub.support.TestPartners.AGENCY;
import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.OPERATOR;
import static be.randhub.support.TestPartners.RISO;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.StreamMessage;

import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.utils.UUID;
import org.apache.activemq.artemis.utils.UUIDGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import be.randhub.support.HubClient;
import be.randhub.support.HubClient.MessageMaker;
import be.randhub.support.HubTestConfiguration;
import be.randhub.support.TestDocuments;

import tools.jackson.databind.JsonNode;

/**
 * A partner attacks through its inbox queue: it chooses the message type, every property, and the body's size and
 * encoding. Each message ends with exactly one receipt on the partner's receipts queue; nothing it set reaches the
 * hub's own messages; nothing ends silently on the broker's DLQ.
 */
@ExtendWith(AttackedHub.class)
class JmsAttacksIT {

    /** Properties a partner sets to steer the hub: a redirect, the replay marker, forged hub metadata. */
    static final Map<String, String> FORGED = Map.of(
            "CamelJmsDestinationName", "partner.riso.inbox",
            "hubReplayed", "operator",
            "hubSender", RISO,
            "hubTrackingId", "00000000-0000-0000-0000-000000000000",
            "hubReceivers", "learning-network",
            "hubReplayTo", "partner.riso.inbox");

    /** Every kind of message that is not a text or bytes message with a document: each gets one refusal receipt. */
    @Test
    void everyMessageTypeGetsOneReceiptAndNoneEndsOnTheBrokersDlq(HubClient hub) throws Exception {
        Map<String, MessageMaker> messages = new LinkedHashMap<>();
        messages.put("object", session -> forged(session.createObjectMessage(new java.util.ArrayList<>(List.of("x")))));
        messages.put("map", session -> {
            MapMessage map = session.createMapMessage();
            map.setString("document", TestDocuments.feedbackReport(KANAK, "23102").json());
            return forged(map);
        });
        messages.put("stream", session -> {
            StreamMessage stream = session.createStreamMessage();
            stream.writeString(TestDocuments.feedbackReport(KANAK, "23102").json());
            return forged(stream);
        });
        messages.put("bare", session -> forged(session.createMessage()));
        messages.put("large bytes", session -> {
            BytesMessage bytes = session.createBytesMessage();
            bytes.writeBytes(new byte[6 * 1024 * 1024]);
            return forged(bytes);
        });
        messages.put("lone surrogate", session -> forged(session.createTextMessage(
                TestDocuments.feedbackReport(KANAK, "23102").set("/payload/outcomes/0", "x").json().replace("\"x\"", "\"\uD800\""))));
        long dlqBefore = depth(hub, "DLQ");
        Map<String, String> sent = new LinkedHashMap<>();
        messages.forEach((kind, maker) -> sent.put(kind, hub.sendMessage(KANAK, "partner.kanak.inbox", maker)));

        for (Map.Entry<String, String> message : sent.entrySet()) {
            JsonNode receipt = hub.awaitJmsReceipt(KANAK, message.getValue());
            assertThat(receipt.path("status").asString()).as(message.getKey()).isEqualTo("rejected");
            assertThat(receipt.at("/errors/0/message").asString()).as(message.getKey()).isNotBlank();
            assertThat(hub.receive(KANAK, "partner.kanak.receipts", "JMSCorrelationID = '" + message.getValue() + "'",
                    Duration.ofMillis(500))).as("a second receipt for %s", message.getKey()).isEmpty();
        }
        assertThat(depth(hub, "DLQ")).isEqualTo(dlqBefore);
        assertThat(hub.receive(RISO, "partner.riso.receipts", null, Duration.ofSeconds(1))).isEmpty();
    }

    /**
     * A valid document with forged properties: accepted as the partner's own, and none of what it set appears on
     * the receivers' messages.
     */
    @Test
    void propertiesAPartnerSetsNeverReachTheHubsOwnMessages(HubClient hub) throws Exception {
        String document = TestDocuments.feedbackReport(KANAK, "23102").json();
        String messageId = hub.sendMessage(KANAK, "partner.kanak.inbox", session -> forged(session.createTextMessage(document)));

        JsonNode receipt = hub.awaitJmsReceipt(KANAK, messageId);

        assertThat(receipt.path("status").asString()).isEqualTo("accepted");
        String trackingId = receipt.path("trackingId").asString();
        assertThat(trackingId).isNotEqualTo(FORGED.get("hubTrackingId"));
        Message delivered = hub.receive(AGENCY, "agency.inbox", "hubTrackingId = '" + trackingId + "'", HubClient.PATIENCE)
                .orElseThrow();
        Map<String, Object> properties = properties(delivered);
        assertThat(properties).doesNotContainKeys("CamelJmsDestinationName", "hubReplayed", "hubReplayTo");
        assertThat(properties.get("hubSender")).isEqualTo(KANAK);
        assertThat(hub.receive(RISO, "partner.riso.receipts", null, Duration.ofSeconds(2))).isEmpty();
        assertThat(hub.receive("learning-network", "learning-network.inbox", "hubTrackingId = '" + trackingId + "'",
                Duration.ofSeconds(1))).isPresent(); // a feedback report's receivers, not the forged ones
    }

    /**
     * Bytes messages are documents too: read as the bytes sent (UTF-8), with the same checks as text.
     */
    @Test
    void aBytesMessageIsADocument(HubClient hub) {
        byte[] document = TestDocuments.feedbackReport(KANAK, "23102").json().getBytes(StandardCharsets.UTF_8);
        String messageId = hub.sendMessage(KANAK, "partner.kanak.inbox", session -> {
            BytesMessage bytes = session.createBytesMessage();
            bytes.writeBytes(document);
            return bytes;
        });

        assertThat(hub.awaitJmsReceipt(KANAK, messageId).path("status").asString()).isEqualTo("accepted");
    }

    /**
     * Through the broker's core protocol a partner writes a text message's body itself (a length far beyond what it
     * sends) and floods it with properties: the message still gets one refusal receipt with a reason, and the
     * partner's next document goes through.
     */
    @Test
    void aTextMessageWithABrokenBodyAndAFloodOfPropertiesIsRefusedAndBlocksNothing(HubClient hub) throws Exception {
        UUID id = UUIDGenerator.getInstance().generateUUID();
        try (ServerLocator locator = ActiveMQClient.createServerLocator(hub.brokerUrl());
             ClientSessionFactory factory = locator.createSessionFactory();
             ClientSession session = factory.createSession(KANAK, HubTestConfiguration.password(KANAK), false, true, true, false, 0);
             ClientProducer producer = session.createProducer("partner.kanak.inbox")) {
            ClientMessage message = session.createMessage(org.apache.activemq.artemis.api.core.Message.TEXT_TYPE, true);
            message.setUserID(id);
            message.setRoutingType(RoutingType.ANYCAST);
            message.getBodyBuffer().writeByte((byte) 1); // not null
            message.getBodyBuffer().writeInt(Integer.MAX_VALUE); // characters announced
            message.getBodyBuffer().writeBytes("{\"x\":1}".getBytes(StandardCharsets.UTF_8)); // and what follows
            for (int i = 0; i < 1_000; i++) {
                message.putStringProperty("p" + i, "x".repeat(50));
            }
            message.putStringProperty("JMSCorrelationID", "y".repeat(20_000));
            producer.send(message);
        }
        String messageId = "ID:" + id;

        JsonNode receipt = hub.awaitJmsReceipt(KANAK, messageId);

        assertThat(receipt.path("status").asString()).isEqualTo("rejected");
        assertThat(receipt.at("/errors/0/message").asString()).isNotBlank();
        assertThat(hub.awaitJmsReceipt(KANAK, hub.sendDocument(KANAK, TestDocuments.feedbackReport(KANAK, "23102").json()))
                .path("status").asString()).isEqualTo("accepted");
    }

    private static Message forged(Message message) throws JMSException {
        for (Map.Entry<String, String> property : FORGED.entrySet()) {
            message.setStringProperty(property.getKey(), property.getValue());
        }
        return message;
    }

    private static Map<String, Object> properties(Message message) throws JMSException {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Object name : Collections.list((Enumeration<?>) message.getPropertyNames())) {
            properties.put(name.toString(), message.getObjectProperty(name.toString()));
        }
        return properties;
    }

    /** A hub queue's depth as operators see it in the console's API. */
    static long depth(HubClient hub, String queue) {
        List<JsonNode> queues = new ArrayList<>();
        hub.get(OPERATOR, "/api/v1/operator/queues").json().forEach(queues::add);
        return queues.stream().filter(state -> queue.equals(state.path("name").asString())).findFirst()
                .map(state -> state.path("depth").asLong()).orElseThrow(() -> new AssertionError("no queue " + queue));
    }
}
