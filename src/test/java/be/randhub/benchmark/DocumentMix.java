package be.randhub.benchmark;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;

import be.randhub.support.TestDocuments;
import be.randhub.support.TestDocuments.Doc;

/**
 * The documents the benchmark sends: the four types in turn, each padded to a size between 1 and 20 KB with
 * plain words. A status update answers one of the referrals made beforehand, so it is valid whatever channel
 * carries it.
 */
final class DocumentMix {

    /** One document: its sender, type, documentId and JSON (it always has two receivers). */
    record Item(String partner, String type, String documentId, String json) {
    }

    private static final String WORDS = "de buurtwerking organiseerde opnieuw een taalcafé voor nieuwkomers met kinderen en ouders ";

    private final Random random = new Random(20261129);
    private final Deque<String> referralsToAnswer = new ArrayDeque<>();
    private int next;

    /** Referrals made beforehand for the status updates to answer. */
    void answerable(List<String> referralIds) {
        referralsToAnswer.addAll(referralIds);
    }

    Item next() {
        int size = 1024 + random.nextInt(19 * 1024);
        int type = next++ % 4;
        if (type == 1 && referralsToAnswer.isEmpty()) {
            type = 2;
        }
        return switch (type) {
            case 0 -> item("kanak", "referral", TestDocuments.referral("kanak", "de-rand")
                    .set("/payload/note", words(Math.min(3900, size / 3)))
                    .set("/payload/needs", needs(Math.max(0, size - 4600))));
            case 1 -> item("de-rand", "referral-status", TestDocuments.status("de-rand", "kanak", referralsToAnswer.poll(), "accepted")
                    .set("/payload/note", words(Math.min(3900, size))));
            case 2 -> item("riso", "feedback-report", TestDocuments.feedbackReport("riso", "23098")
                    .set("/payload/outcomes", paragraphs(size)));
            default -> item("de-horizon", "meeting-minutes", TestDocuments.minutes("de-horizon", "23100")
                    .set("/payload/summary", words(Math.min(19_500, size))));
        };
    }

    /** A referral, for the status updates to answer later. */
    static Doc referral() {
        return TestDocuments.referral("kanak", "de-rand");
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
