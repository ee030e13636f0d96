package be.randhub.intake;

import static be.randhub.support.TestPartners.AGENCY;
import static be.randhub.support.TestPartners.DE_HORIZON;
import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.RISO;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import be.randhub.support.HubClient;
import be.randhub.support.HubTest;
import be.randhub.support.TestDocuments;
import be.randhub.support.TestDocuments.Doc;

import tools.jackson.databind.JsonNode;

/** The file channel: a drop folder per partner, a receipt per file, processed files out of the way. */
@HubTest
class FileIntakeTests {

    @Autowired
    HubClient hub;

    @Test
    void malformedFileDoesNotHoldUpTheNextOne() {
        hub.drop(DE_HORIZON, "aaa-broken.json", "{\"schemaVersion\": 1, \"payload\": {");
        Doc report = TestDocuments.feedbackReport(DE_HORIZON, "23100");
        hub.drop(DE_HORIZON, "bbb-good.json", report.json());

        JsonNode broken = hub.awaitFileReceipt(DE_HORIZON, "aaa-broken.json");
        JsonNode good = hub.awaitFileReceipt(DE_HORIZON, "bbb-good.json");

        assertThat(broken.path("status").asString()).isEqualTo("rejected");
        assertThat(broken.at("/errors/0/message").asString()).contains("truncated");
        assertThat(good.path("status").asString()).isEqualTo("accepted");
        hub.awaitOutbox(AGENCY, good.path("trackingId").asString());
        assertThat(hub.settled(DE_HORIZON, "failed")).anyMatch(file -> file.getFileName().toString().startsWith("aaa-broken."));
        assertThat(hub.settled(DE_HORIZON, "done")).anyMatch(file -> file.getFileName().toString()
                .equals("bbb-good." + good.path("trackingId").asString() + ".json"));
        assertThat(hub.dataDir().resolve("inbox").resolve(DE_HORIZON).resolve("bbb-good.json")).doesNotExist();
    }

    @Test
    void emptyFileIsRefusedNotIgnored() {
        hub.drop(RISO, "empty.json", new byte[0]);

        JsonNode receipt = hub.awaitFileReceipt(RISO, "empty.json");

        assertThat(receipt.path("status").asString()).isEqualTo("rejected");
        assertThat(receipt.at("/errors/0/message").asString()).isEqualTo("the document is empty");
    }

    @Test
    void fileInAnotherEncodingIsRefusedWithTheReason() {
        String document = TestDocuments.feedbackReport(RISO, "23098")
                .set("/payload/outcomes/0", "Café-avond in Drogenbos, één keer per maand").json();
        hub.drop(RISO, "latin1.json", document.getBytes(Charset.forName("windows-1252")));
        hub.drop(RISO, "utf16.json", document.getBytes(StandardCharsets.UTF_16));

        assertThat(hub.awaitFileReceipt(RISO, "latin1.json").at("/errors/0/message").asString())
                .contains("not valid UTF-8", "send it as UTF-8");
        assertThat(hub.awaitFileReceipt(RISO, "utf16.json").at("/errors/0/message").asString())
                .contains("UTF-16", "send it as UTF-8");
    }

    @Test
    void byteOrderMarkIsTolerated() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] document = TestDocuments.feedbackReport(RISO, "23098").json().getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[bom.length + document.length];
        System.arraycopy(bom, 0, withBom, 0, bom.length);
        System.arraycopy(document, 0, withBom, bom.length, document.length);

        hub.drop(RISO, "with-bom.json", withBom);

        assertThat(hub.awaitFileReceipt(RISO, "with-bom.json").path("status").asString()).isEqualTo("accepted");
    }

    @Test
    void droppingTheSameDocumentTwiceRoutesItOnce() {
        Doc report = TestDocuments.feedbackReport(KANAK, "23102");
        hub.drop(KANAK, "report-1.json", report.json());
        String trackingId = hub.awaitFileReceipt(KANAK, "report-1.json").path("trackingId").asString();
        hub.awaitOutbox(AGENCY, trackingId);

        hub.drop(KANAK, "report-1-again.json", report.json());
        JsonNode again = hub.awaitFileReceipt(KANAK, "report-1-again.json");

        assertThat(again.path("status").asString()).isEqualTo("duplicate");
        assertThat(again.path("trackingId").asString()).isEqualTo(trackingId);
        assertThat(hub.receiveAll(AGENCY, "agency.inbox", trackingId, java.time.Duration.ofSeconds(1))).hasSize(1);
    }

    @Test
    void aFolderSpeaksOnlyForItsPartner() {
        hub.drop(RISO, "spoofed.json", TestDocuments.feedbackReport(KANAK, "23102").json());

        JsonNode receipt = hub.awaitFileReceipt(RISO, "spoofed.json");

        assertThat(receipt.path("status").asString()).isEqualTo("rejected");
        assertThat(receipt.at("/errors/0/message").asString()).contains("sent by 'riso'");
        assertThat(hub.settled(RISO, "failed")).anyMatch(file -> file.getFileName().toString().startsWith("spoofed."));
    }

    @Test
    void linksInADropFolderAreLeftAlone() throws Exception {
        Path outside = Files.writeString(hub.dataDir().resolve("outside.json"), TestDocuments.feedbackReport(RISO, "23098").json());
        Path link = Files.createSymbolicLink(hub.dataDir().resolve("inbox").resolve(RISO).resolve("link.json"), outside);
        hub.drop(RISO, "after-link.json", TestDocuments.feedbackReport(RISO, "23098").json());

        assertThat(hub.awaitFileReceipt(RISO, "after-link.json").path("status").asString()).isEqualTo("accepted");
        assertThat(link).isSymbolicLink();
        assertThat(Files.list(hub.dataDir().resolve("outbox").resolve(RISO).resolve("receipts")))
                .noneMatch(file -> file.getFileName().toString().startsWith("link."));
        Files.delete(link);
    }
}
