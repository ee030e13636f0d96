package be.randhub.adversary;

import static be.randhub.support.TestPartners.DE_RAND;
import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.LEARNING_NETWORK;
import static be.randhub.support.TestPartners.RISO;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import be.randhub.support.HubClient;
import be.randhub.support.TestDocuments;
import be.randhub.support.TestDocuments.Doc;

import tools.jackson.databind.JsonNode;

/**
 * A partner tries to get a person's data to the learning network past the scrubber, in spellings the hub might not
 * know, in fields it might not look at, and tries to learn from its own trail whether a word is someone's name.
 */
@ExtendWith(AttackedHub.class)
class LearningNetworkAttacksIT {

    @Test
    void noSpellingOfAKnownNameOrOfContactDataReachesTheLearningNetwork(HubClient hub) throws Exception {
        String given = "Yasmina";
        String family = "Berrada" + suffix();
        // referred in Wemmel; the minutes come from another municipality (Drogenbos)
        assertThat(hub.post(KANAK, TestDocuments.referral(KANAK, DE_RAND).set("/payload/person/givenName", given)
                .set("/payload/person/familyName", family).json()).status()).isEqualTo(202);
        List<String> spellings = List.of(
                "d'" + given, "l’" + given, given + "'s", family + "s boek", // elision, possessives
                given.charAt(0) + "\u200B" + given.substring(1), // zero-width space
                family.substring(0, 3) + "\u00AD" + family.substring(3), // soft hyphen
                "\uFF39\uFF41\uFF53\uFF4D\uFF49\uFF4E\uFF41", // full-width Ｙａｓｍｉｎａ
                "\u0423asmina".replace("\u0423", "Y").replace("a", "\u0430"), // Cyrillic а for Latin a
                "Ya\u0301smina " + family.toUpperCase(), // a decomposed accent; capitals
                "\u0660\u0664\u0667\u0660 \u0661\u0662 \u0663\u0664 \u0665\u0666", // 0470 12 34 56 in Arabic-Indic digits
                "0470\u00A012\u00A034\u00A056", "+32 (0)470-12.34.56",
                given.toLowerCase() + "\uFF20example.org", // full-width at sign
                "be71 0961 2345 6769", "BE71-0961-2345-6769", "85/07/30-033/28");
        byte[] pdf = TestDocuments.pdf("shared annex " + suffix());
        Doc minutes = TestDocuments.minutes(RISO, "23098")
                .set("/documentId", "riso-" + given.toLowerCase() + "-" + family.toLowerCase())
                .set("/payload/summary", String.join(" | ", spellings))
                .attachment(pdf, "verslag " + given + " " + family + ".pdf", true);

        HubClient.Answer answer = hub.postMultipart(RISO, minutes.json(), pdf, "annex.pdf");
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        String trackingId = answer.json().path("trackingId").asString();
        String copy = awaitCopy(hub, trackingId);
        String message = hub.text(hub.receive(LEARNING_NETWORK, "learning-network.inbox", "hubTrackingId = '" + trackingId + "'",
                HubClient.PATIENCE).orElseThrow());

        for (String delivered : List.of(copy, message)) {
            String folded = delivered.toLowerCase();
            assertThat(folded).doesNotContain("smina", family.toLowerCase(), "\u0430smin", "0470", "\u0660\u0664\u0667",
                    "12 34 56", "12.34.56", "example.org", "0961", "6769", "033/28", "berrada");
            assertThat(delivered).doesNotContain("\uFF39\uFF41\uFF53");
        }
    }

    /** The sender's own trail reads the same for a copy that named a referred person and one that did not. */
    @Test
    void theTrailDoesNotTellTheSenderWhetherAWordIsSomeonesName(HubClient hub) {
        String family = "Ouazzani" + suffix();
        assertThat(hub.post(KANAK, TestDocuments.referral(KANAK, DE_RAND).set("/payload/person/familyName", family).json())
                .status()).isEqualTo(202);

        String withName = hub.post(RISO, TestDocuments.minutes(RISO, "23102").set("/payload/summary", "Is " + family + " a name?").json())
                .json().path("trackingId").asString();
        String withoutName = hub.post(RISO, TestDocuments.minutes(RISO, "23102").set("/payload/summary", "Is Zandvoort a name?").json())
                .json().path("trackingId").asString();
        awaitCopy(hub, withName);
        awaitCopy(hub, withoutName);

        assertThat(learningNetworkSteps(hub, withName)).isEqualTo(learningNetworkSteps(hub, withoutName));
    }

    private static String learningNetworkSteps(HubClient hub, String trackingId) {
        JsonNode trail = org.awaitility.Awaitility.await().atMost(HubClient.PATIENCE)
                .until(() -> hub.get(RISO, "/api/v1/documents/" + trackingId).json().path("trail"),
                        steps -> steps.valueStream().anyMatch(step -> LEARNING_NETWORK.equals(step.path("receiver").asString())
                                && "delivered".equals(step.path("event").asString())));
        StringBuilder steps = new StringBuilder();
        trail.valueStream().filter(step -> LEARNING_NETWORK.equals(step.path("receiver").asString()))
                .forEach(step -> steps.append(step.path("event").asString()).append(": ").append(step.path("detail").asString()).append('\n'));
        return steps.toString();
    }

    /** The learning network's file, as delivered. */
    private static String awaitCopy(HubClient hub, String trackingId) {
        hub.awaitOutbox(LEARNING_NETWORK, trackingId);
        try {
            return Files.readString(hub.outboxFile(LEARNING_NETWORK, trackingId, "json"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A few letters that make this run's names its own. */
    private static String suffix() {
        StringBuilder letters = new StringBuilder();
        for (long n = System.nanoTime(); letters.length() < 4; n /= 26) {
            letters.append((char) ('a' + n % 26));
        }
        return letters.toString();
    }
}
