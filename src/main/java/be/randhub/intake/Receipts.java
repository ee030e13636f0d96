package be.randhub.intake;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

import be.randhub.config.DataDirectory;
import be.randhub.document.HubHeaders;
import be.randhub.document.Refusal;

import tools.jackson.databind.json.JsonMapper;

/** Makes the receipt for the outcome the intake reached, and writes it as JSON for the file and JMS channels. */
@Component("receipts")
public class Receipts {

    private final JsonMapper json;
    private final be.randhub.operations.HubMetrics metrics;

    private final DataDirectory data;

    public Receipts(JsonMapper json, be.randhub.operations.HubMetrics metrics, DataDirectory data) {
        this.data = data;
        this.json = json;
        this.metrics = metrics;
    }

    public void make(Exchange exchange) {
        Message in = exchange.getIn();
        String outcome = in.getHeader(HubHeaders.OUTCOME, String.class);
        Refusal refusal = exchange.getProperty(HubHeaders.REFUSAL, Refusal.class);
        Receipt.Status status = Receipt.Status.fromId(outcome);
        List<String> receivers = status == Receipt.Status.ACCEPTED || status == Receipt.Status.DUPLICATE
                ? receivers(in) : List.of();
        Instant original = exchange.getProperty(HubHeaders.ORIGINAL_RECEIVED_AT, Instant.class);
        String message = switch (status) {
            case ACCEPTED -> "accepted: on its way to " + String.join(", ", receivers);
            case DUPLICATE -> "already accepted on " + original + "; this resend is not routed again";
            case CONFLICT -> "refused: this documentId was used before for a different document";
            case REJECTED -> "refused: " + refusal.problems().size() + " problem(s); nothing was delivered";
            case DEAD_LETTERED -> "the hub could not take this document in after " + in.getHeader(be.randhub.routing.DeadLetters.ATTEMPTS)
                    + " attempts; it is kept for the operators, who will send it on once the cause is fixed";
        };
        Receipt receipt = new Receipt(status, in.getHeader(HubHeaders.TRACKING_ID, String.class),
                in.getHeader(HubHeaders.SENDER, String.class), in.getHeader(HubHeaders.DOCUMENT_ID, String.class),
                in.getHeader(HubHeaders.TYPE, String.class), in.getHeader(HubHeaders.CHANNEL, String.class),
                in.getHeader(HubHeaders.RECEIVED_AT, String.class), receivers,
                refusal == null ? List.of() : refusal.problems(), message, refusal == null ? null : refusal.kind());
        exchange.setProperty(HubHeaders.RECEIPT, receipt);
        metrics.outcome(status.id(), receipt.channel(), receipt.partner(), receipt.type() == null ? "unknown" : receipt.type());
    }

    /**
     * Writes a dropped file's receipt into its partner's receipts folder,
     * {@code <data>/outbox/<partner>/receipts/<file name>.<trackingId>.receipt.json}: under a fresh temporary name,
     * then renamed (no name the partner chose or a file it put there decides where the hub writes).
     */
    public void toReceiptsFolder(Exchange exchange) throws java.io.IOException {
        Message in = exchange.getIn();
        java.nio.file.Path folder = DataDirectory.createDirectories(data.receipts(in.getHeader(HubHeaders.SENDER, String.class)));
        String name = in.getHeader(DropFolder.DROP_NAME, String.class) + "." + in.getHeader(HubHeaders.TRACKING_ID, String.class)
                + ".receipt.json";
        DataDirectory.writeAtomically(folder.resolve(name), asJson(exchange).getBytes(java.nio.charset.StandardCharsets.UTF_8), false);
    }

    /** The receipt as the body, in JSON, for a file or a JMS message. */
    public String asJson(Exchange exchange) {
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(exchange.getProperty(HubHeaders.RECEIPT, Receipt.class));
    }

    private static List<String> receivers(Message in) {
        String receivers = in.getHeader(HubHeaders.RECEIVERS, String.class);
        if (receivers == null || receivers.isBlank()) {
            return List.of();
        }
        return Arrays.asList(receivers.split(","));
    }
}
