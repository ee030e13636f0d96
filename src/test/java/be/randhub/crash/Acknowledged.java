package be.randhub.crash;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
