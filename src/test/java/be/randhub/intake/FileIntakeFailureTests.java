package be.randhub.intake;

import static be.randhub.support.TestPartners.AGENCY;
import static be.randhub.support.TestPartners.RISO;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import jakarta.jms.BytesMessage;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import be.randhub.support.HubClient;
import be.randhub.support.HubTest;
import be.randhub.support.TestDocuments;

import tools.jackson.databind.JsonNode;

/**
 * A dropped file the hub cannot take in (here: its attachment cannot be stored) is tried again with pauses,
 * then dead-lettered: out of the inbox, on hub.dead-letter with its content and reason, and a receipt tells the
 * partner. Files behind it are not held up.
 */
@HubTest
class FileIntakeFailureTests {

    @Autowired
    HubClient hub;

    @Autowired
    jakarta.jms.ConnectionFactory hubConnections;

    @Test
    void fileThatKeepsFailingIsDeadLetteredAndTheNextOneFlows() throws Exception {
        byte[] pdf = pdfWithFreshStoreFolder();
        Path blocker = hub.dataDir().resolve("attachments").resolve(TestDocuments.sha256(pdf).substring(0, 2));
        Files.writeString(blocker, "a file where the store wants a folder");
        try {
            hub.drop(RISO, "stuck.pdf", pdf);
            hub.drop(RISO, "stuck.json", TestDocuments.minutes(RISO, "23098").attachment(pdf, "stuck.pdf", false).json());
            hub.drop(RISO, "flowing.json", TestDocuments.feedbackReport(RISO, "23098").json());

            JsonNode flowing = hub.awaitFileReceipt(RISO, "flowing.json");
            hub.awaitOutbox(AGENCY, flowing.path("trackingId").asString());
            JsonNode stuck = hub.awaitFileReceipt(RISO, "stuck.json");

            assertThat(stuck.path("status").asString()).isEqualTo("dead-lettered");
            assertThat(stuck.path("message").asString()).contains("after 3 attempts");
            // the receipt is written first, then the file moves out of the inbox when its intake completes
            Awaitility.await().atMost(HubClient.PATIENCE).untilAsserted(() -> {
                assertThat(hub.dataDir().resolve("inbox").resolve(RISO).resolve("stuck.json")).doesNotExist();
                assertThat(hub.settled(RISO, "failed")).anyMatch(file -> file.getFileName().toString().startsWith("stuck."));
            });
            Message deadLetter = Awaitility.await().atMost(HubClient.PATIENCE)
                    .until(() -> browseDeadLetters(stuck.path("trackingId").asString()), found -> !found.isEmpty()).get(0);
            assertThat(deadLetter.getStringProperty("hubFailedRoute")).isEqualTo("file-intake-riso");
            assertThat(deadLetter.getStringProperty("hubReplayTo")).isEqualTo("inbox/riso");
            assertThat(deadLetter.getIntProperty("hubAttempts")).isEqualTo(3);
            assertThat(deadLetter.getStringProperty("hubError")).contains("FileAlreadyExistsException");
            byte[] content = new byte[(int) ((BytesMessage) deadLetter).getBodyLength()];
            ((BytesMessage) deadLetter).readBytes(content);
            assertThat(new String(content)).contains("\"stuck.pdf\"");
        } finally {
            Files.deleteIfExists(blocker);
        }
    }

    private byte[] pdfWithFreshStoreFolder() {
        for (int i = 0; ; i++) {
            byte[] pdf = TestDocuments.pdf("stuck " + i);
            if (!Files.exists(hub.dataDir().resolve("attachments").resolve(TestDocuments.sha256(pdf).substring(0, 2)))) {
                return pdf;
            }
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
