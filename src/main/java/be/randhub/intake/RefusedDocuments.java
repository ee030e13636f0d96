package be.randhub.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import be.randhub.config.DataDirectory;
import be.randhub.document.Channel;
import be.randhub.document.HubHeaders;
import be.randhub.document.Refusal;

/**
 * Keeps refused HTTP and JMS input aside for inspection, under {@code <data>/rejected/<partner>/}: the bytes as
 * received and the receipt that explains the refusal. (A refused dropped file moves to
 * {@code processed/<partner>/failed/}, with its receipt in the partner's receipts folder.) Input over the size limit is not kept.
 */
@Component("refusedDocuments")
public class RefusedDocuments {

    private final DataDirectory data;
    private final Receipts receipts;

    public RefusedDocuments(DataDirectory data, Receipts receipts) {
        this.data = data;
        this.receipts = receipts;
    }

    public void keep(Exchange exchange) {
        if (Channel.FILE.id().equals(exchange.getIn().getHeader(HubHeaders.CHANNEL, String.class))) {
            return;
        }
        String sender = exchange.getIn().getHeader(HubHeaders.SENDER, String.class);
        String trackingId = exchange.getIn().getHeader(HubHeaders.TRACKING_ID, String.class);
        Refusal refusal = exchange.getProperty(HubHeaders.REFUSAL, Refusal.class);
        Path folder = DataDirectory.createDirectories(data.rejected(sender));
        try {
            if (refusal == null || refusal.kind() != Refusal.Kind.TOO_LARGE) {
                byte[] input = exchange.getProperty(HubHeaders.INPUT, byte[].class);
                Files.write(folder.resolve(trackingId + ".input"), input == null ? new byte[0] : input);
            }
            Files.writeString(folder.resolve(trackingId + ".receipt.json"), receipts.asJson(exchange));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the refused document aside", e);
        }
    }
}
