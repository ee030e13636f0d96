package be.randhub.benchmark;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import be.randhub.support.TestDocuments;
import be.randhub.support.TestDocuments.Doc;

/**
 * The documents the benchmark sends: the four types in turn, each padded to a size between 1 and 20 KB with
 * plain words. A status update answers a referral the hub has delivered already (made in the warm-up or earlier
 * in the run), so it is valid whatever channel carries it; when none is left to answer, a feedback report takes
 * its turn (counted: {@link #statusesReplaced}). Several threads may take documents.
 */
final class DocumentMix {

    /** One document: its sender, type, documentId and JSON (it always has two receivers). */
    record Item(String partner, String type, String documentId, String json) {
    }

    /** Whom each sender's documents go to: a referral to the agency and its target, a status to the agency and the referrer. */
    static final Map<String, Set<String>> RECEIVERS = Map.of(
            "kanak", Set.of("agency", "de-rand"),
            "de-rand", Set.of("agency", "kanak"),
            "riso", Set.of("agency", "learning-network"),
            "de-horizon", Set.of("agency", "learning-network"));

    private static final String WORDS = "de buurtwerking organiseerde opnieuw een taalcafé voor nieuwkomers met kinderen en ouders ";

    private final Random random = new Random(20261129);
    private final Deque<String> referralsToAnswer = new ArrayDeque<>();
    /** Referrals sent, not yet delivered: answerable once they are. */
    private final Set<String> referralsOnTheirWay = ConcurrentHashMap.newKeySet();
    /** Statuses answer made-up referrals (for the plain route, which does not care what a document says). */
    private final boolean anyReferral;
    private int next;
    private int statusesReplaced;

    DocumentMix() {
        this(false);
    }

    private DocumentMix(boolean anyReferral) {
        this.anyReferral = anyReferral;
    }

    /** The same documents, for a route that does not look into them (status updates answer no real referral). */
    static DocumentMix forPlainRoute() {
        return new DocumentMix(true);
    }

    /** Notes a document delivered: a referral of this mix becomes answerable. */
    void delivered(String documentId) {
        if (referralsOnTheirWay.remove(documentId)) {
            synchronized (this) {
                referralsToAnswer.add(documentId);
            }
        }
    }

    /** Status updates that found no delivered referral to answer and were sent as feedback reports instead. */
    synchronized int statusesReplaced() {
        return statusesReplaced;
    }

    synchronized Item next() {
        int size = 1024 + random.nextInt(19 * 1024);
        int type = next++ % 4;
        String referral = null;
        if (type == 1) {
            referral = anyReferral ? TestDocuments.uniqueId("kanak") : referralsToAnswer.poll();
            if (referral == null) {
                type = 2;
                statusesReplaced++;
            }
        }
        Item item = switch (type) {
            case 0 -> item("kanak", "referral", TestDocuments.referral("kanak", "de-rand")
                    .set("/payload/note", words(Math.min(3900, size / 3)))
                    .set("/payload/needs", needs(Math.max(0, size - 4600))));
            case 1 -> item("de-rand", "referral-status", TestDocuments.status("de-rand", "kanak", referral, "accepted")
                    .set("/payload/note", words(Math.min(3900, size))));
            case 2 -> item("riso", "feedback-report", TestDocuments.feedbackReport("riso", "23098")
                    .set("/payload/outcomes", paragraphs(size)));
            default -> item("de-horizon", "meeting-minutes", TestDocuments.minutes("de-horizon", "23100")
                    .set("/payload/summary", words(Math.min(19_500, size))));
        };
        if (type == 0) {
            referralsOnTheirWay.add(item.documentId());
        }
        return item;
    }

    /** A plain referral (for status updates to answer later, once it is delivered). */
    Item referral() {
        Item item = item("kanak", "referral", TestDocuments.referral("kanak", "de-rand"));
        referralsOnTheirWay.add(item.documentId());
        return item;
    }

    private static Item item(String partner, String type, Doc document) {
        return new Item(partner, type, document.documentId(), document.json());
    }

    private static String words(int length) {
        StringBuilder text = new StringBuilder(length + WORDS.length());
        while (text.length() < length) {
            text.append(WORDS);
        }
        return text.substring(0, Math.max(1, length)).trim();
    }

    private static List<String> needs(int length) {
        int count = Math.min(20, length / 480);
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> words(480)).toList();
    }

    private static List<String> paragraphs(int length) {
        int count = Math.max(1, Math.min(50, length / 3900 + 1));
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> words(Math.min(3900, length / count))).toList();
    }
}
