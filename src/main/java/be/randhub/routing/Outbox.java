package be.randhub.routing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import be.randhub.attachment.AttachmentStore;
import be.randhub.config.DataDirectory;
import be.randhub.document.HubHeaders;

/**
 * Writes a delivery into the receiver's folder, {@code <data>/outbox/<receiver>/<trackingId>.json}, with the PDF
 * (if one goes along) as {@code <trackingId>.pdf} beside it, written first. The JSON is written under a
 * temporary name and renamed, so a receiver never sees half a file; a delivery written before (the hub stopped
 * before its queue message committed) is recognised by its name and not written twice. Notices and feeds name
 * their file in {@value #FILE_NAME}.
 */
@Component("outbox")
public class Outbox {

    /** Header: a file name other than {@code <trackingId>.json} (notices, feeds). */
    public static final String FILE_NAME = "hubOutboxFile";

    private final DataDirectory data;
    private final AttachmentStore attachments;
    private final boolean fsync;

    public Outbox(DataDirectory data, AttachmentStore attachments, OutboxProperties properties) {
        this.data = data;
        this.attachments = attachments;
        this.fsync = properties.fsync();
    }

    public void write(Exchange exchange) throws IOException {
        String receiver = exchange.getIn().getHeader(HubHeaders.RECEIVER, String.class);
        String trackingId = exchange.getIn().getHeader(HubHeaders.TRACKING_ID, String.class);
        String name = exchange.getIn().getHeader(FILE_NAME, trackingId + ".json", String.class);
        Path folder = DataDirectory.createDirectories(data.outbox(receiver));
        Path target = folder.resolve(name).normalize();
        if (!target.startsWith(folder)) {
            throw new IllegalArgumentException("an outbox file name may not leave the receiver's folder");
        }
        folder = DataDirectory.createDirectories(target.getParent());
        if (Files.exists(target)) {
            return;
        }
        String sha256 = exchange.getProperty(Deliveries.ATTACHMENT_TO_DELIVER, String.class);
        if (sha256 != null) {
            Path pdf = folder.resolve(trackingId + ".pdf");
            if (!Files.exists(pdf)) {
                AttachmentStore.linkOrCopy(attachments.path(sha256), pdf);
            }
        }
        DataDirectory.writeAtomically(target, exchange.getIn().getBody(String.class).getBytes(StandardCharsets.UTF_8), fsync);
    }
}
