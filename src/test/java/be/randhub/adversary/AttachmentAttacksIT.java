package be.randhub.adversary;

import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.LEARNING_NETWORK;
import static be.randhub.support.TestPartners.RISO;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import be.randhub.support.HubClient;
import be.randhub.support.HubClient.Answer;
import be.randhub.support.TestDocuments;
import be.randhub.support.TestDocuments.Doc;

/**
 * A partner attacks through attachments: it names PDFs it never had, sends files that are a PDF and something else
 * at once, and makes the hub stage uploads it then abandons.
 */
@ExtendWith(AttackedHub.class)
class AttachmentAttacksIT {

    /** Minutes that name, by its SHA-256 alone, a PDF the hub holds for another partner: refused like any missing file. */
    @Test
    void aPdfCannotBeObtainedByNamingItsHash(HubClient hub) {
        byte[] risosPdf = TestDocuments.pdf("RISO's confidential annex " + System.nanoTime());
        String sha256 = TestDocuments.sha256(risosPdf);
        assertThat(hub.postMultipart(RISO, TestDocuments.minutes(RISO, "23098").attachment(risosPdf, "annex.pdf", false).json(),
                risosPdf, "annex.pdf").status()).isEqualTo(202);

        Answer claimed = hub.post(KANAK, TestDocuments.minutes(KANAK, "23102").attachment(risosPdf, "annex.pdf", true).json());
        Answer unknown = hub.post(KANAK, TestDocuments.minutes(KANAK, "23102")
                .attachment(TestDocuments.pdf("never sent " + System.nanoTime()), "annex.pdf", true).json());

        assertThat(claimed.status()).isEqualTo(400);
        // the same answer whether or not the hub holds a file with that hash
        assertThat(claimed.json().path("errors")).isEqualTo(unknown.json().path("errors"));
        assertThat(hub.getBytes(KANAK, "/api/v1/attachments/" + sha256).statusCode()).isEqualTo(404);
        assertThat(hub.getBytes(LEARNING_NETWORK, "/api/v1/attachments/" + sha256).statusCode()).isEqualTo(404);
        // the partner that did send it may name it again without sending it again
        assertThat(hub.post(RISO, TestDocuments.minutes(RISO, "23098").attachment(risosPdf, "annex.pdf", false).json())
                .status()).isEqualTo(202);
    }

    /** Files that are a PDF and also a ZIP archive or HTML, or HTML dressed as a PDF: refused, each with a reason. */
    @Test
    void polyglotsAreNotPdfs(HubClient hub) throws IOException {
        byte[] pdf = TestDocuments.pdf("a real one " + System.nanoTime());
        Map<String, byte[]> polyglots = Map.of(
                "pdf-and-zip", concat(pdf, zipWithComment("\n%%EOF\n")),
                "pdf-and-html", ("%PDF-1.4\n<html><body><script>fetch('/api/v1/documents')</script></body></html>\n"
                        + "1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII),
                "pdf-and-svg", withinPdf("<svg/onload=fetch('/api/v1/documents')>"),
                "pdf-and-img", withinPdf("<IMG SRC=x\tonerror=alert(1)>"),
                "pdf-and-link", withinPdf("<a href=\"JavaScript:alert(1)\">x</a>"),
                "html-dressed-as-pdf", "%PDF-1.4\n<!DOCTYPE html><title>x</title><p>hello\n%%EOF\n".getBytes(StandardCharsets.US_ASCII),
                "zip-dressed-as-pdf", concat("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), zipWithComment("%%EOF")));
        for (Map.Entry<String, byte[]> polyglot : polyglots.entrySet()) {
            Doc minutes = TestDocuments.minutes(RISO, "23098").attachment(polyglot.getValue(), polyglot.getKey() + ".pdf", true);

            Answer answer = hub.postMultipart(RISO, minutes.json(), polyglot.getValue(), polyglot.getKey() + ".pdf");

            assertThat(answer.status()).as(polyglot.getKey()).isEqualTo(400);
            assertThat(answer.json().at("/errors/0/message").asString()).as(polyglot.getKey()).contains("is not a PDF");
        }
        assertThat(hub.postMultipart(RISO, TestDocuments.minutes(RISO, "23098").attachment(pdf, "real.pdf", true).json(),
                pdf, "real.pdf").status()).isEqualTo(202);
    }

    /** A PDF with the given text between its objects, where a browser sniffing the file as HTML would find it. */
    private static byte[] withinPdf(String text) {
        return ("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + text + "\ntrailer << /Root 1 0 R >>\n%%EOF\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Uploads whose document is a duplicate, a conflict or refused leave nothing behind in the hub's staging area. */
    @Test
    void abandonedUploadsDoNotStayBehind(HubClient hub) throws IOException {
        byte[] pdf = TestDocuments.pdf("staged " + System.nanoTime());
        Doc minutes = TestDocuments.minutes(KANAK, "23102").attachment(pdf, "staged.pdf", false);
        assertThat(hub.postMultipart(KANAK, minutes.json(), pdf, "staged.pdf").status()).isEqualTo(202);

        Answer duplicate = hub.postMultipart(KANAK, minutes.json(), pdf, "staged.pdf");
        Answer conflict = hub.postMultipart(KANAK, minutes.set("/payload/summary", "changed").json(), pdf, "staged.pdf");
        Answer refused = hub.postMultipart(KANAK, TestDocuments.minutes(KANAK, "23099").attachment(pdf, "staged.pdf", false).json(),
                pdf, "staged.pdf");

        assertThat(duplicate.status()).isEqualTo(200);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(refused.status()).isEqualTo(400);
        Path staging = hub.dataDir().resolve("tmp").resolve("attachments");
        try (Stream<Path> staged = Files.list(staging)) {
            assertThat(staged).isEmpty();
        }
    }

    private static byte[] zipWithComment(String comment) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("payload.html"));
            zip.write("<script>alert(1)</script>".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
            zip.setComment(comment);
        }
        return bytes.toByteArray();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
