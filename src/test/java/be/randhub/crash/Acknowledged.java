package be.randhub.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import be.randhub.broker.Queues;
import be.randhub.support.HubClient;
import be.randhub.support.TestDocuments;

import tools.jackson.databind.JsonNode;

/**
 * What the crash tests sent, and the tracking ids the hub acknowledged for each document: its HTTP answers and
 * the receipts the partners got (which must end up one per document).
 */
public final class Acknowledged {

    /** One document as sent: by whom, which way, and who must receive it. */
    public record Sent(String documentId, String partner, String way, String json, List<String> receivers) {

        public static Sent of(TestDocuments.Doc document, String partner, String way, List<String> receivers) {
            return new Sent(document.documentId(), partner, way, document.json(), receivers);
        }

        /** Documents of the three kinds the partners send most, sent one way; who must receive each. */
        public static List<Sent> mix(String way, int count) {
            List<Sent> documents = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                documents.add(switch (i % 3) {
                    case 0 -> of(TestDocuments.referral("kanak", "de-rand"), "kanak", way, List.of("agency", "de-rand"));
                    case 1 -> of(TestDocuments.feedbackReport("riso", "23098"), "riso", way, List.of("agency", "learning-network"));
                    default -> of(TestDocuments.minutes("de-horizon", "23100"), "de-horizon", way, List.of("agency", "learning-network"));
                });
            }
            return documents;
        }
    }

    /** How a test hands one document to the hub (HTTP, a drop, JMS). */
    public interface Sender {
        void send(Sent document) throws Exception;
    }

    /** Sends at up to 100 documents a second, so that kills land while documents are on their way. */
    public static Void paced(List<Sent> documents, Sender sender) throws Exception {
        for (Sent document : documents) {
            sender.send(document);
            Thread.sleep(10);
        }
        return null;
    }

    /**
     * Each document reached each of its receivers exactly once, as a file in its outbox folder and as a message on
     * its queue (deliveries only: the learning network also gets the feed's anonymous summary there), and nothing
     * else came.
     */
    public static void assertEachDeliveredOnce(HubClient hub, List<Sent> documents, Map<String, String> trackingIds,
                                               List<String> receivers) {
        for (String receiver : receivers) {
            String queue = Queues.deliveryQueue(receiver);
            Set<String> expected = documents.stream().filter(document -> document.receivers().contains(receiver))
                    .map(document -> trackingIds.get(document.documentId())).collect(Collectors.toSet());
            Map<String, Long> files = hub.deliveredFiles(receiver).stream()
                    .collect(Collectors.groupingBy(delivery -> delivery.at("/document/partner").asString() + "/"
                            + delivery.at("/document/documentId").asString(), Collectors.counting()));
            assertThat(files.entrySet()).as("documents with more than one file in outbox/%s", receiver)
                    .noneMatch(file -> file.getValue() > 1);
            assertThat(files).as("documents in outbox/%s", receiver).hasSize(expected.size());
            Map<String, Long> messages = hub.drain(receiver, queue).stream().map(hub::readJsonText)
                    .filter(message -> message.at("/delivery/trackingId").isString())
                    .collect(Collectors.groupingBy(delivery -> delivery.at("/delivery/trackingId").asString(), Collectors.counting()));
            assertThat(messages.entrySet()).as("tracking ids delivered more than once on %s", queue)
                    .noneMatch(message -> message.getValue() > 1);
            assertThat(expected).as("tracking ids never delivered on %s", queue).allMatch(messages::containsKey);
            assertThat(messages.keySet()).as("tracking ids on %s that were not sent", queue).allMatch(expected::contains);
        }
    }

    /** documentId -> the tracking ids the hub answered with (must end up exactly one). */
    private final Map<String, Set<String>> trackingIds = new ConcurrentHashMap<>();

    public void add(String documentId, String trackingId) {
        trackingIds.computeIfAbsent(documentId, id -> ConcurrentHashMap.newKeySet()).add(trackingId);
    }

    public Set<String> get(String documentId) {
        return trackingIds.get(documentId);
    }

    public boolean containsKey(String documentId) {
        return trackingIds.containsKey(documentId);
    }

    public boolean containsAll(Collection<String> documentIds) {
        return trackingIds.keySet().containsAll(documentIds);
    }

    /** Notes every receipt in a partner's receipts folder (file drops). */
    public void collectFileReceipts(HubClient client, String partner) {
        client.fileReceipts(partner).forEach(this::record);
    }

    /** Takes every receipt waiting on a partner's receipts queue (JMS) and notes it. */
    public void collectJmsReceipts(HubClient client, String partner) {
        client.takeJmsReceipts(partner).forEach(this::record);
    }

    private void record(JsonNode receipt) {
        String status = receipt.path("status").asString();
        if (!status.equals("accepted") && !status.equals("duplicate")) {
            throw new AssertionError("a receipt the crash test did not expect: " + receipt);
        }
        add(receipt.path("documentId").asString(), receipt.path("trackingId").asString());
    }
}
