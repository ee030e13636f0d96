package be.randhub.intake;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

import be.randhub.config.DataDirectory;
import be.randhub.document.HubHeaders;
import be.randhub.document.Refusal;
import be.randhub.language.Catalogue;
import be.randhub.language.Languages;
import be.randhub.operations.HubMetrics;
import be.randhub.registry.Partner;
import be.randhub.registry.PartnerRegistry;
import be.randhub.routing.DeadLetters;

import tools.jackson.databind.json.JsonMapper;

/** Makes the receipt for the outcome the intake reached, and writes it as JSON for the file and JMS channels. */
@Component("receipts")
public class Receipts {

    private final JsonMapper json;
    private final HubMetrics metrics;

    private final DataDirectory data;
    private final Catalogue catalogue;
    private final PartnerRegistry registry;

    public Receipts(JsonMapper json, HubMetrics metrics, DataDirectory data, Catalogue catalogue,
                    PartnerRegistry registry) {
        this.data = data;
        this.catalogue = catalogue;
        this.registry = registry;
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
        Locale language = language(exchange);
        String message = switch (status) {
            case ACCEPTED -> catalogue.text(language, "receipt.accepted", String.join(", ", receivers));
            case DUPLICATE -> catalogue.text(language, "receipt.duplicate", original);
            case CONFLICT -> catalogue.text(language, "receipt.conflict");
            case REJECTED -> catalogue.text(language, "receipt.rejected", refusal.problems().size());
            case DEAD_LETTERED -> catalogue.text(language, "receipt.dead-lettered", in.getHeader(DeadLetters.ATTEMPTS));
        };
        Receipt receipt = new Receipt(status, in.getHeader(HubHeaders.TRACKING_ID, String.class),
                in.getHeader(HubHeaders.SENDER, String.class), in.getHeader(HubHeaders.DOCUMENT_ID, String.class),
                in.getHeader(HubHeaders.TYPE, String.class), in.getHeader(HubHeaders.CHANNEL, String.class),
                in.getHeader(HubHeaders.RECEIVED_AT, String.class), receivers,
                refusal == null ? List.of() : catalogue.localized(refusal.problems(), language), message,
                refusal == null ? null : refusal.kind());
        exchange.setProperty(HubHeaders.RECEIPT, receipt);
        metrics.outcome(status.id(), receipt.channel(), receipt.partner(), receipt.type() == null ? "unknown" : receipt.type());
    }

    /**
     * The receipt's language: the one an HTTP request asked for, else the sender's in the registry (files, SFTP,
     * JMS), else Dutch.
     */
    private Locale language(Exchange exchange) {
        Locale asked = exchange.getProperty(HubHeaders.LANGUAGE, Locale.class);
        if (asked != null) {
            return asked;
        }
        return registry.find(exchange.getIn().getHeader(HubHeaders.SENDER, String.class)).map(Partner::locale)
                .orElse(Languages.DEFAULT);
    }

    /**
     * Writes a dropped file's receipt into its partner's receipts folder,
     * {@code <data>/outbox/<partner>/receipts/<file name>.<trackingId>.receipt.json}: under a fresh temporary name,
     * then renamed (no name the partner chose or a file it put there decides where the hub writes).
     */
    public void toReceiptsFolder(Exchange exchange) throws java.io.IOException {
        Message in = exchange.getIn();
        Path folder = DataDirectory.createDirectories(data.receipts(in.getHeader(HubHeaders.SENDER, String.class)));
        String name = in.getHeader(DropFolder.DROP_NAME, String.class) + "." + in.getHeader(HubHeaders.TRACKING_ID, String.class)
                + ".receipt.json";
        DataDirectory.writeAtomically(folder.resolve(name), asJson(exchange).getBytes(StandardCharsets.UTF_8), false);
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
