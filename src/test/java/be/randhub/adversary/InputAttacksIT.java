package be.randhub.adversary;

import static be.randhub.support.TestPartners.DE_RAND;
import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.RISO;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import be.randhub.support.HubClient;
import be.randhub.support.HubClient.Answer;
import be.randhub.support.HubClient.Way;
import be.randhub.support.TestDocuments;
import be.randhub.support.TestDocuments.Doc;

import tools.jackson.databind.JsonNode;

/**
 * A partner sends documents built to make the hub fail rather than refuse: numbers beyond any range, characters
 * the database or the encoders treat differently, questions whose answer tells it what others sent. Each is a
 * refusal with a reason on its own channel (never "send again"), or a delivery exactly as sent; and the answer
 * never tells a partner whether someone else's referral exists.
 */
@ExtendWith(AttackedHub.class)
class InputAttacksIT {

    /** A count beyond a 64-bit integer: refused with the reason on every channel, not "send again". */
    @Test
    void aNumberBeyondAnyRangeIsRefused(HubClient hub) {
        for (Way way : Way.values()) {
            String document = TestDocuments.feedbackReport(KANAK, "23102").set("/payload/participants/total", 7).json()
                    .replace("\"total\":7", "\"total\":100000000000000000000000000000000000000");

            JsonNode receipt = hub.submit(way, KANAK, document);

            assertThat(receipt.path("status").asString()).as("%s", way).isEqualTo("rejected");
            assertThat(receipt.path("errors").toString()).as("%s", way).contains("/payload/participants/total");
        }
        assertThat(hub.post(KANAK, TestDocuments.feedbackReport(KANAK, "23102").json().replace("\"total\":23",
                "\"total\":1e400")).status()).isEqualTo(400);
    }

    /** 150 characters outside the basic plane, which the schema allows, are taken and delivered exactly. */
    @Test
    void charactersOutsideTheBasicPlaneAreDeliveredAsSent(HubClient hub) {
        String name = "\uD835\uDC9C".repeat(150); // 𝒜, four bytes in UTF-8, two chars in Java
        Doc referral = TestDocuments.referral(KANAK, DE_RAND).set("/payload/target/activity/name", name);

        Answer answer = hub.post(KANAK, referral.json());

        assertThat(answer.status()).isEqualTo(202);
        String trackingId = answer.json().path("trackingId").asString();
        assertThat(hub.awaitOutbox(DE_RAND, trackingId).at("/document/payload/target/activity/name").asString()).isEqualTo(name);
        assertThat(hub.readJsonText(hub.text(hub.receive(DE_RAND, "partner.de-rand.outbox", "hubTrackingId = '" + trackingId + "'",
                HubClient.PATIENCE).orElseThrow())).at("/document/payload/target/activity/name").asString()).isEqualTo(name);
    }

    /**
     * Text values that are not characters: a lone surrogate escape (which the receiver's file and its queue message
     * would each spell differently) and a NUL escape. Refused, naming where.
     */
    @Test
    void textThatIsNotUnicodeIsRefused(HubClient hub) {
        for (String escape : List.of("\\ud800", "a\\udc00b", "\\u0000")) {
            String document = TestDocuments.feedbackReport(RISO, "23098").set("/payload/outcomes/0", "PLACEHOLDER").json()
                    .replace("PLACEHOLDER", escape);

            Answer answer = hub.post(RISO, document);

            assertThat(answer.status()).as(escape).isEqualTo(400);
            assertThat(answer.json().at("/errors/0/pointer").asString()).as(escape).isEqualTo("/payload/outcomes/0");
        }
    }

    /**
     * A status update about someone else's referral: the refusal reads the same whether that referral exists or
     * not, so a partner cannot learn who was referred by guessing documentIds.
     */
    @Test
    void aStatusUpdateDoesNotTellWhetherAReferralExists(HubClient hub) {
        Doc referral = TestDocuments.referral(KANAK, DE_RAND);
        assertThat(hub.post(KANAK, referral.json()).status()).isEqualTo(202);
        String missing = TestDocuments.uniqueId(KANAK);

        Answer aboutExisting = hub.post(RISO, TestDocuments.status(RISO, KANAK, referral.documentId(), "accepted").json());
        Answer aboutMissing = hub.post(RISO, TestDocuments.status(RISO, KANAK, missing, "accepted").json());

        assertThat(aboutExisting.status()).isEqualTo(aboutMissing.status()).isEqualTo(400);
        assertThat(aboutExisting.json().path("errors").toString().replace(referral.documentId(), "ID"))
                .isEqualTo(aboutMissing.json().path("errors").toString().replace(missing, "ID"));
    }
}
