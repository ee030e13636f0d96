package be.randhub.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQTransactionOutcomeUnknownException;
import org.apache.activemq.artemis.api.core.ActiveMQTransactionRolledBackException;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.jms.client.JMSExceptionHelper;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import be.randhub.attachment.AttachmentStore;
import be.randhub.config.DataDirectory;
import be.randhub.document.Channel;
import be.randhub.document.Document;
import be.randhub.document.DocumentType;
import be.randhub.document.HubHeaders;
import be.randhub.intake.IntakeRegister;
import be.randhub.operations.HubMetrics;
import be.randhub.privacy.ErasedDocuments;
import be.randhub.tracking.AcceptedMarks;
import be.randhub.tracking.Trail;
import be.randhub.tracking.TrackingStore;
import be.randhub.tracking.TrackingWriter;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A broker commit that a failover to the backup cut short: Artemis either knows it was rolled back, or cannot tell
 * whether it happened ("outcome unknown": it may have, on the backup). The receivers' files the batch wrote are taken
 * back only in the first case; in the second they stay, or a document whose commit did happen would reach its
 * receivers' queues and never their folders (the resend finds it in the trail and does not publish it again).
 * ClusterIT found such a document after killing the primary broker under load.
 */
class PublisherFailoverTests {

    static final String TRACKING_ID = "01a22f7b-2f90-7653-b587-fa4f65e5b161";

    @TempDir
    Path data;

    Publisher publisher;

    @AfterEach
    void stop() throws Exception {
        if (publisher != null) {
            publisher.destroy();
        }
    }

    @Test
    void filesStayWhenAFailoverLeavesTheCommitsOutcomeUnknown() throws Exception {
        publisher = publisherWhoseCommitFails(new ActiveMQTransactionOutcomeUnknownException());

        assertThatThrownBy(() -> publisher.publish(exchange())).isInstanceOf(JMSException.class);

        assertThat(data.resolve("outbox").resolve("agency").resolve(TRACKING_ID + ".json")).exists();
    }

    @Test
    void filesAreTakenBackWhenTheCommitWasRolledBack() throws Exception {
        publisher = publisherWhoseCommitFails(new ActiveMQTransactionRolledBackException("rolled back on failover"));

        assertThatThrownBy(() -> publisher.publish(exchange())).isInstanceOf(JMSException.class);

        assertThat(data.resolve("outbox").resolve("agency")).isEmptyDirectory();
    }

    private Publisher publisherWhoseCommitFails(ActiveMQException failure) throws Exception {
        DataDirectory directory = new DataDirectory(data);
        Outbox outbox = new Outbox(directory, mock(AttachmentStore.class), new OutboxProperties(false, 2));

        Copies copies = mock(Copies.class);
        when(copies.of(any(), eq("agency"), any(), any()))
                .thenReturn(new Copies.Copy("agency", "{\"delivery\":{}}".getBytes(StandardCharsets.UTF_8), null, "riso-1", false));
        Trail trail = mock(Trail.class);
        when(trail.take(any())).thenReturn(List.of());

        Session session = mock(Session.class);
        when(session.createProducer(null)).thenReturn(mock(MessageProducer.class));
        when(session.createTextMessage(anyString())).thenReturn(mock(TextMessage.class));
        when(trail.message(eq(session), any())).thenReturn(mock(TextMessage.class));
        // as Artemis' session reports it (JMSExceptionHelper: the broker's exception is the cause)
        doThrow(JMSExceptionHelper.convertFromActiveMQException(failure)).when(session).commit();
        Connection connection = mock(Connection.class);
        when(connection.createSession(true, Session.SESSION_TRANSACTED)).thenReturn(session);
        ActiveMQConnectionFactory broker = mock(ActiveMQConnectionFactory.class);
        when(broker.createConnection()).thenReturn(connection);

        return new Publisher(copies, outbox, trail, mock(AcceptedMarks.class), mock(ErasedDocuments.class),
                mock(TrackingWriter.class), mock(TrackingStore.class), mock(IntakeRegister.class), mock(HubMetrics.class),
                broker, new PublishProperties(1, 10));
    }

    private static Exchange exchange() {
        ObjectNode json = JsonMapper.builder().build().createObjectNode();
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(HubHeaders.DOCUMENT, new Document(TRACKING_ID, "riso", Channel.HTTP, Instant.now(),
                DocumentType.FEEDBACK_REPORT, "riso-1", "23098", json, "sha", "{}".getBytes(StandardCharsets.UTF_8)));
        exchange.getIn().setHeader(HubHeaders.RECEIVERS, "agency");
        return exchange;
    }
}
