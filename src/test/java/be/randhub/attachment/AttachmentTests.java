package be.randhub.attachment;

import static be.randhub.support.TestPartners.AGENCY;
import static be.randhub.support.TestPartners.DE_HORIZON;
import static be.randhub.support.TestPartners.LEARNING_NETWORK;
import static be.randhub.support.TestPartners.RISO;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import be.randhub.support.HubClient;
import be.randhub.support.HubTest;
import be.randhub.support.TestDocuments;

import tools.jackson.databind.JsonNode;

/** Minutes with a PDF: checked, stored once, delivered beside the JSON, fetched by those entitled only. */
@HubTest
class AttachmentTests {

    @Autowired
    HubClient hub;

    @Test
    void pdfReachesTheAgencyIntactAndIsWithheldFromTheLearningNetwork() throws Exception {
        byte[] pdf = TestDocuments.pdf("steering group november, not shareable");
        String sha256 = TestDocuments.sha256(pdf);
        String document = TestDocuments.minutes(RISO, "23098").attachment(pdf, "verslag-november.pdf", false).json();

        HubClient.Answer answer = hub.postMultipart(RISO, document, pdf, "verslag-november.pdf");
        String trackingId = answer.json().path("trackingId").asString();

        assertThat(answer.status()).isEqualTo(202);
        JsonNode agencyCopy = hub.awaitOutbox(AGENCY, trackingId);
        assertThat(agencyCopy.at("/delivery/attachment/file").asString()).isEqualTo(trackingId + ".pdf");
        assertThat(TestDocuments.sha256(Files.readAllBytes(hub.outboxFile(AGENCY, trackingId, "pdf")))).isEqualTo(sha256);
        JsonNode networkCopy = hub.awaitOutbox(LEARNING_NETWORK, trackingId);
        assertThat(networkCopy.at("/delivery/attachment/withheld").asBoolean()).isTrue();
        assertThat(networkCopy.at("/document/payload/attachment").isMissingNode()).isTrue();
        assertThat(hub.outboxFile(LEARNING_NETWORK, trackingId, "pdf")).doesNotExist();

        assertThat(hub.getBytes(AGENCY, "/api/v1/attachments/" + sha256).body()).isEqualTo(pdf);
        assertThat(hub.getBytes(LEARNING_NETWORK, "/api/v1/attachments/" + sha256).statusCode()).isEqualTo(404);
        assertThat(hub.getBytes(DE_HORIZON, "/api/v1/attachments/" + sha256).statusCode()).isEqualTo(404);
    }

    @Test
    void shareablePdfReachesTheLearningNetwork() throws Exception {
        byte[] pdf = TestDocuments.pdf("learning network meeting, shareable");
        String document = TestDocuments.minutes(RISO, "23098").attachment(pdf, "lerend-netwerk.pdf", true).json();

        String trackingId = hub.postMultipart(RISO, document, pdf, "lerend-netwerk.pdf").json().path("trackingId").asString();

        hub.awaitOutbox(LEARNING_NETWORK, trackingId);
        assertThat(Files.readAllBytes(hub.outboxFile(LEARNING_NETWORK, trackingId, "pdf"))).isEqualTo(pdf);
        assertThat(hub.getBytes(LEARNING_NETWORK, "/api/v1/attachments/" + TestDocuments.sha256(pdf)).statusCode()).isEqualTo(200);
    }

    @Test
    void pdfWithAnotherHashThanStatedIsRefused() {
        byte[] pdf = TestDocuments.pdf("original");
        String document = TestDocuments.minutes(RISO, "23098").attachment(pdf, "verslag.pdf", false).json();

        HubClient.Answer answer = hub.postMultipart(RISO, document, TestDocuments.pdf("tampered"), "verslag.pdf");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/errors/0/pointer").asString()).isEqualTo("/payload/attachment/sha256");
        assertThat(answer.json().at("/errors/0/message").asString()).contains("not the one the document states");
    }

    @Test
    void aFileThatIsNotAPdfIsRefused() {
        byte[] notPdf = "MZ this is an executable".getBytes();
        String document = TestDocuments.minutes(RISO, "23098").attachment(notPdf, "verslag.pdf", false).json();

        HubClient.Answer answer = hub.postMultipart(RISO, document, notPdf, "verslag.pdf");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/errors/0/message").asString()).contains("is not a PDF");
    }

    @Test
    void namedAttachmentWithoutFileIsRefused() {
        String document = TestDocuments.minutes(RISO, "23098").attachment(TestDocuments.pdf("absent"), "weg.pdf", false).json();

        HubClient.Answer answer = hub.postMultipart(RISO, document, null, null);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/errors/0/message").asString()).contains("no file was sent");
    }

    @Test
    void droppedJsonWaitsForThePdfItNames() throws Exception {
        byte[] pdf = TestDocuments.pdf("dropped later");
        String document = TestDocuments.minutes(RISO, "23098").attachment(pdf, "later.pdf", false).json();

        hub.drop(RISO, "minutes-later.json", document);
        Thread.sleep(1000);
        hub.drop(RISO, "later.pdf", pdf);
        JsonNode receipt = hub.awaitFileReceipt(RISO, "minutes-later.json");

        assertThat(receipt.path("status").asString()).isEqualTo("accepted");
        String trackingId = receipt.path("trackingId").asString();
        hub.awaitOutbox(AGENCY, trackingId);
        assertThat(Files.readAllBytes(hub.outboxFile(AGENCY, trackingId, "pdf"))).isEqualTo(pdf);
        assertThat(hub.settled(RISO, "done")).anyMatch(file -> file.getFileName().toString().equals(trackingId + ".later.pdf"));
    }

    @Test
    void droppedJsonWhosePdfNeverComesIsRefusedAfterTheWait() {
        String document = TestDocuments.minutes(RISO, "23098").attachment(TestDocuments.pdf("never"), "never.pdf", false).json();

        hub.drop(RISO, "minutes-never.json", document);

        JsonNode receipt = hub.awaitFileReceipt(RISO, "minutes-never.json");
        assertThat(receipt.path("status").asString()).isEqualTo("rejected");
        assertThat(receipt.at("/errors/0/message").asString()).contains("never.pdf", "within 3 s");
        assertThat(hub.receiveAll(AGENCY, "agency.inbox", receipt.path("trackingId").asString(), Duration.ofMillis(300))).isEmpty();
    }
}
