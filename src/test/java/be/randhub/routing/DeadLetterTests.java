package be.randhub.routing;

import static be.randhub.support.TestPartners.AGENCY;
import static be.randhub.support.TestPartners.DE_HORIZON;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import be.randhub.support.HubClient;
import be.randhub.support.HubTest;
import be.randhub.support.TestDocuments;

/**
 * A receiver whose folder cannot be written: its delivery is retried, then parked on hub.dead-letter with the
 * reason, while the other receiver's copy and the documents behind it flow on.
 */
@HubTest
class DeadLetterTests {

    @Autowired
    HubClient hub;

    @Autowired
    jakarta.jms.ConnectionFactory hubConnections;

    Path folder;
    Path aside;

    @BeforeEach
    void learningNetworkFolderBecomesUnwritable() throws Exception {
        folder = hub.dataDir().resolve("outbox").resolve("learning-network");
        aside = folder.resolveSibling("learning-network.aside");
        if (Files.exists(folder)) {
            Files.move(folder, aside);
        }
        // a file where the folder should be: not writable as a folder, whoever the hub runs as (root included)
        Files.writeString(folder, "not a folder");
    }

    @AfterEach
    void folderIsBack() throws Exception {
        Files.deleteIfExists(folder);
        if (Files.exists(aside)) {
            Files.move(aside, folder);
        }
    }

    @Test
    void failingDeliveryEndsInTheDeadLetterQueueWithItsReasonWhileOthersFlowOn() throws Exception {
        String stuck = hub.post(DE_HORIZON, TestDocuments.feedbackReport(DE_HORIZON, "23100").json()).json().path("trackingId").asString();
        String behind = hub.post(DE_HORIZON, TestDocuments.feedbackReport(DE_HORIZON, "23100").json()).json().path("trackingId").asString();

        hub.awaitOutbox(AGENCY, stuck);
        hub.awaitOutbox(AGENCY, behind);
        Message deadLetter = Awaitility.await().atMost(HubClient.PATIENCE)
                .until(() -> browseDeadLetters(stuck), messages -> !messages.isEmpty()).get(0);

        assertThat(deadLetter.getStringProperty("hubReceiver")).isEqualTo("learning-network");
        assertThat(deadLetter.getStringProperty("hubFailedRoute")).isEqualTo("delivery");
        assertThat(deadLetter.getIntProperty("hubAttempts")).isEqualTo(3);
        assertThat(deadLetter.getStringProperty("hubReplayTo")).isEqualTo("hub.delivery");
        assertThat(deadLetter.getStringProperty("hubError")).contains("FileAlreadyExistsException");
        assertThat(Awaitility.await().atMost(HubClient.PATIENCE).until(
                () -> hub.get(DE_HORIZON, "/api/v1/documents/" + stuck).json().path("state").asString(), "dead-lettered"::equals))
                .isEqualTo("dead-lettered");
    }

    /**
     * Documents published together, in one batch, whose learning-network copies cannot be written: each agency copy
     * is delivered once, and each learning-network copy is retried and dead-lettered on its own.
     */
    @Test
    void aCopyThatFailsInABatchIsRetriedAloneWhileTheOthersAreDeliveredOnce() throws Exception {
        List<java.util.concurrent.CompletableFuture<String>> sending = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            sending.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> hub.post(DE_HORIZON,
                    TestDocuments.feedbackReport(DE_HORIZON, "23100").json()).json().path("trackingId").asString()));
        }
        List<String> trackingIds = sending.stream().map(java.util.concurrent.CompletableFuture::join).toList();

        for (String trackingId : trackingIds) {
            assertThat(hub.receiveAll(AGENCY, "agency.inbox", trackingId, HubClient.PATIENCE)).as(trackingId).hasSize(1);
            assertThat(Awaitility.await().atMost(HubClient.PATIENCE).until(() -> browseDeadLetters(trackingId), found -> !found.isEmpty()))
                    .singleElement().satisfies(letter -> assertThat(letter.getStringProperty("hubReceiver")).isEqualTo("learning-network"));
            assertThat(hub.inOutbox(AGENCY, trackingId)).isTrue();
        }
    }

    private List<Message> browseDeadLetters(String trackingId) throws Exception {
        // looked at as the hub itself: operators see dead letters' metadata in the console, never their content
        try (jakarta.jms.Connection connection = hubConnections.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = session.createBrowser(session.createQueue("hub.dead-letter"), "hubTrackingId = '" + trackingId + "'")) {
            return Collections.list(browser.getEnumeration()).stream().map(Message.class::cast).toList();
        }
    }
}
